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
    private final FlashTiming flashTiming;
    private final boolean stockFlash;
    private final boolean stubReadsCompressed;
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
        boolean timingOn = b.flashTimingOn == null ? b.throttle : b.flashTimingOn;
        this.flashTiming = !timingOn ? null : b.flashTiming != null ? b.flashTiming
                : FlashTiming.forJedecOrDefault(jedecManufacturer, jedecType, jedecCapacity());
        this.stockFlash = b.stockFlash;
        this.stubReadsCompressed = b.stubReadsCompressed;
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

    /** Datasheet flash timing the device follows; empty when flash work is instant. */
    public Optional<FlashTiming> flashTiming() {
        return Optional.ofNullable(flashTiming);
    }

    /** Whether the running stub answers READ_FLASH_DEFL (flashline's does; esptool's does not). */
    public boolean stubReadsCompressed() {
        return stubReadsCompressed;
    }

    /** Whether the flash holds a factory stock-firmware layout ({@link StockFlash}) when made. */
    public boolean stockFlash() {
        return stockFlash;
    }

    /** The Tasmota release the device's flashed Tasmota behaves as (log style, reported version). */
    public TasmotaDialect tasmotaDialect() {
        return tasmotaDialect;
    }

    public static final class Builder {
        private Chip chip = Chip.ESP8266EX;
        private byte[] mac = defaultMac(0);
        /** Null until set: 1 MB for the ESP8266 family, 4 MB for the ESP32 family. */
        private Integer flashSize;
        private int jedecManufacturer = 0xC8;
        private int jedecType = 0x40;
        /** Null until set: 26 MHz for the ESP8266 family, 40 MHz for the ESP32 family. */
        private Integer crystalMhz;
        private boolean throttle;
        private int initialBaud = 115200;
        private boolean bootJunk = true;
        private final List<Fault> faults = new ArrayList<>();
        private FirmwareSelector firmwareSelector = flash -> new PlainFirmware();
        private byte[] stockFirmware;
        private Boolean flashTimingOn;
        private FlashTiming flashTiming;
        private boolean stockFlash;
        private boolean stubReadsCompressed = true;
        private TasmotaDialect tasmotaDialect = TasmotaDialect.DEFAULT;
        private SimulatedNetwork tasmotaNetwork;
        private dev.flashline.sim.tasmota.ReceivedCommands tasmotaReceived = new dev.flashline.sim.tasmota.ReceivedCommands();

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
         * Flash operations take datasheet time (on by default with {@link #throttle(boolean)}),
         * by the chip's JEDEC id unless {@link #flashTiming(FlashTiming)} names the part.
         */
        public Builder flashTiming(boolean on) {
            this.flashTimingOn = on;
            return this;
        }

        public Builder flashTiming(FlashTiming timing) {
            this.flashTiming = timing;
            this.flashTimingOn = timing != null;
            return this;
        }

        /** Factory content of a stock Sonoff (see {@link StockFlash}) instead of an empty chip; {@link #stockFirmware} wins when both are set. */
        public Builder stockFlash(boolean on) {
            this.stockFlash = on;
            return this;
        }

        /** Off: the stub behaves like esptool's, which answers READ_FLASH_DEFL with "invalid command". */
        public Builder stubReadsCompressed(boolean on) {
            this.stubReadsCompressed = on;
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

        /** As {@link #tasmota(SimulatedNetwork, TasmotaDialect)}, noting every command the booted Tasmota runs in {@code received}. */
        public Builder tasmota(SimulatedNetwork network, TasmotaDialect dialect, dev.flashline.sim.tasmota.ReceivedCommands received) {
            this.tasmotaReceived = received;
            return tasmota(network, dialect);
        }

        public VirtualDeviceConfig build() {
            if (chip != null && tasmotaNetwork != null) {
                String macText = HexFormat.ofDelimiter(":").formatHex(mac);
                firmwareSelector = chip.esp32Family()
                        ? new dev.flashline.sim.tasmota.Tasmota32FirmwareSelector(chip, tasmotaNetwork, macText,
                                PlainFirmware.forChip(chip), tasmotaDialect, tasmotaReceived)
                        : new TasmotaFirmwareSelector(tasmotaNetwork, macText, new PlainFirmware(), tasmotaDialect, tasmotaReceived);
            }
            if (chip == null || firmwareSelector == null) {
                throw new IllegalArgumentException("chip and firmware selector are required");
            }
            int mb = 1 << 20;
            if (flashSize == null) {
                flashSize = chip.esp32Family() ? 4 * mb : mb;
            }
            if (crystalMhz == null) {
                crystalMhz = chip.esp32Family() ? 40 : 26;
            }
            boolean sizeOk;
            String sizes;
            if (chip == Chip.ESP8285) {
                sizeOk = flashSize == mb || flashSize == 2 * mb;
                sizes = "ESP8285 has 1 MB or 2 MB of embedded flash";
            } else if (chip.esp32Family()) {
                sizeOk = flashSize == 2 * mb || flashSize == 4 * mb || flashSize == 8 * mb || flashSize == 16 * mb;
                sizes = "flash size must be 2 MB, 4 MB, 8 MB or 16 MB for an ESP32-family chip";
            } else {
                sizeOk = flashSize == mb || flashSize == 2 * mb || flashSize == 4 * mb;
                sizes = "flash size must be 1 MB, 2 MB or 4 MB";
            }
            if (!sizeOk) {
                throw new IllegalArgumentException(sizes);
            }
            if (crystalMhz != 26 && crystalMhz != 40 || chip == Chip.ESP32C3 && crystalMhz != 40) {
                throw new IllegalArgumentException(chip == Chip.ESP32C3 ? "the ESP32-C3 runs from a 40 MHz crystal"
                        : "crystal must be 26 or 40 MHz");
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
