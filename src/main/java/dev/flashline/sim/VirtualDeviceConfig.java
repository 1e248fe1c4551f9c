package dev.flashline.sim;

import dev.flashline.sim.firmware.FirmwareSelector;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import dev.flashline.sim.tasmota.TasmotaFirmwareSelector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Everything that makes one virtual device different from another. Build with {@link #builder()}. */
public final class VirtualDeviceConfig {
    /** Espressif's OUI, the one most ESP8266 modules carry. */
    private static final int[] ESPRESSIF_OUI = {0x18, 0xFE, 0x34};

    private final Chip chip;
    private final byte[] mac;
    private final int flashSize;
    private final int jedecManufacturer;
    private final int jedecType;
    private final int crystalMhz;
    private final boolean throttle;
    private final int initialBaud;
    private final boolean bootJunk;
    private final List<Fault> faults;
    private final FirmwareSelector firmwareSelector;
    private final byte[] stockFirmware;
    private final TasmotaDialect tasmotaDialect;

    private VirtualDeviceConfig(Builder b) {
        this.chip = b.chip;
        this.mac = b.mac.clone();
        this.flashSize = b.flashSize;
        this.jedecManufacturer = b.jedecManufacturer;
        this.jedecType = b.jedecType;
        this.crystalMhz = b.crystalMhz;
        this.throttle = b.throttle;
        this.initialBaud = b.initialBaud;
        this.bootJunk = b.bootJunk;
        this.faults = List.copyOf(b.faults);
        this.firmwareSelector = b.firmwareSelector;
        this.stockFirmware = b.stockFirmware == null ? null : b.stockFirmware.clone();
        this.tasmotaDialect = b.tasmotaDialect;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A stable, Espressif-looking MAC for the i-th simulated device: 18:fe:34:5f:hi:lo. */
    public static byte[] defaultMac(int index) {
        return new byte[] {(byte) ESPRESSIF_OUI[0], (byte) ESPRESSIF_OUI[1], (byte) ESPRESSIF_OUI[2],
            (byte) 0x5F, (byte) (index >> 8), (byte) index};
    }

    /** Parses aa:bb:cc:dd:ee:ff (or with '-'). */
    public static byte[] parseMac(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC must have six bytes: " + text);
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return mac;
    }

    public Chip chip() {
        return chip;
    }

    public byte[] mac() {
        return mac.clone();
    }

    public int flashSize() {
        return flashSize;
    }

    public int jedecManufacturer() {
        return jedecManufacturer;
    }

    public int jedecType() {
        return jedecType;
    }

    /** Capacity byte of the JEDEC id: log2 of the size in bytes (0x14 = 1 MB). */
    public int jedecCapacity() {
        return Integer.numberOfTrailingZeros(flashSize);
    }

    public int crystalMhz() {
        return crystalMhz;
    }

    public boolean throttle() {
        return throttle;
    }

    public int initialBaud() {
        return initialBaud;
    }

    public boolean bootJunk() {
        return bootJunk;
    }

    public List<Fault> faults() {
        return faults;
    }

    public Optional<Fault> fault(Fault.Kind kind) {
        return faults.stream().filter(f -> f.kind() == kind).findFirst();
    }

    public FirmwareSelector firmwareSelector() {
        return firmwareSelector;
    }

    public Optional<byte[]> stockFirmware() {
        return Optional.ofNullable(stockFirmware).map(byte[]::clone);
    }

    /** The Tasmota release the device's flashed Tasmota behaves as (log style, reported version). */
    public TasmotaDialect tasmotaDialect() {
        return tasmotaDialect;
    }

    public static final class Builder {
        private Chip chip = Chip.ESP8266EX;
        private byte[] mac = defaultMac(0);
        private int flashSize = 1 << 20;
        private int jedecManufacturer = 0xC8;
        private int jedecType = 0x40;
        private int crystalMhz = 26;
        private boolean throttle;
        private int initialBaud = 115200;
        private boolean bootJunk = true;
        private final List<Fault> faults = new ArrayList<>();
        private FirmwareSelector firmwareSelector = flash -> new PlainFirmware();
        private byte[] stockFirmware;
        private TasmotaDialect tasmotaDialect = TasmotaDialect.DEFAULT;
        private SimulatedNetwork tasmotaNetwork;

        public Builder chip(Chip chip) {
            this.chip = chip;
            return this;
        }

        public Builder mac(byte[] mac) {
            if (mac == null || mac.length != 6) {
                throw new IllegalArgumentException("MAC must have six bytes");
            }
            this.mac = mac.clone();
            return this;
        }

        public Builder mac(String mac) {
            return mac(parseMac(mac));
        }

        public Builder flashSize(int bytes) {
            this.flashSize = bytes;
            return this;
        }

        public Builder jedec(int manufacturer, int type) {
            this.jedecManufacturer = manufacturer & 0xFF;
            this.jedecType = type & 0xFF;
            return this;
        }

        public Builder crystalMhz(int mhz) {
            this.crystalMhz = mhz;
            return this;
        }

        /** Bytes move at baud/10 per second in both directions when on (default off: instant). */
        public Builder throttle(boolean throttle) {
            this.throttle = throttle;
            return this;
        }

        public Builder initialBaud(int baud) {
            this.initialBaud = baud;
            return this;
        }

        /** Whether the power-on ROM banner (unreadable at 115200) is sent at connect (default on). */
        public Builder bootJunk(boolean on) {
            this.bootJunk = on;
            return this;
        }

        public Builder fault(Fault fault) {
            this.faults.add(fault);
            return this;
        }

        public Builder firmwareSelector(FirmwareSelector selector) {
            this.firmwareSelector = selector;
            return this;
        }

        /** Flash content at address 0 when the device is made (the firmware it ships with). */
        public Builder stockFirmware(byte[] image) {
            this.stockFirmware = image == null ? null : image.clone();
            return this;
        }

        /**
         * Boots the simulated Tasmota (in this dialect, on this Wi-Fi) when the demo image is
         * flashed, the plain firmware otherwise: replaces {@link #firmwareSelector}.
         */
        public Builder tasmota(SimulatedNetwork network, TasmotaDialect dialect) {
            this.tasmotaNetwork = network;
            this.tasmotaDialect = dialect == null ? TasmotaDialect.DEFAULT : dialect;
            return this;
        }

        public VirtualDeviceConfig build() {
            if (tasmotaNetwork != null) {
                firmwareSelector = new TasmotaFirmwareSelector(tasmotaNetwork, HexFormat.ofDelimiter(":").formatHex(mac),
                        new PlainFirmware(), tasmotaDialect);
            }
            if (chip == null || firmwareSelector == null) {
                throw new IllegalArgumentException("chip and firmware selector are required");
            }
            int mb = 1 << 20;
            boolean sizeOk = chip == Chip.ESP8285
                    ? flashSize == mb || flashSize == 2 * mb
                    : flashSize == mb || flashSize == 2 * mb || flashSize == 4 * mb;
            if (!sizeOk) {
                throw new IllegalArgumentException(chip == Chip.ESP8285
                        ? "ESP8285 has 1 MB or 2 MB of embedded flash"
                        : "flash size must be 1 MB, 2 MB or 4 MB");
            }
            if (crystalMhz != 26 && crystalMhz != 40) {
                throw new IllegalArgumentException("crystal must be 26 or 40 MHz");
            }
            if (initialBaud <= 0) {
                throw new IllegalArgumentException("initial baud must be positive");
            }
            if (stockFirmware != null && stockFirmware.length > flashSize) {
                throw new IllegalArgumentException("stock firmware is larger than the flash");
            }
            return new VirtualDeviceConfig(this);
        }
    }
}
