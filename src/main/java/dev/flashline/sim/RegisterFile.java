package dev.flashline.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The ESP8266's memory-mapped registers READ_REG / WRITE_REG reach: chip magic in ROM, the OTP (efuse)
 * words holding MAC and ESP8285 bits, UART0's clock divider, and the SPI0 controller through
 * which a host can run flash commands such as RDID. Anything else is plain storage reading 0.
 */
final class RegisterFile implements MemoryBus {
    static final long CHIP_MAGIC = 0x40001000L;
    static final int ESP8266_MAGIC = 0xFFF0C101;

    static final long EFUSE_0 = 0x3FF00050L;
    static final long EFUSE_1 = 0x3FF00054L;
    static final long EFUSE_2 = 0x3FF00058L;
    static final long EFUSE_3 = 0x3FF0005CL;
    static final long UART0_CLKDIV = 0x60000014L;

    static final long SPI_BASE = 0x60000200L;
    static final long SPI_CMD = SPI_BASE;
    static final long SPI_RD_STATUS = SPI_BASE + 0x10;
    static final long SPI_USER = SPI_BASE + 0x1C;
    static final long SPI_USER1 = SPI_BASE + 0x20;
    static final long SPI_USER2 = SPI_BASE + 0x24;
    static final long SPI_W0 = SPI_BASE + 0x40;
    static final int SPI_W_COUNT = 16;

    /** SPI_CMD bits: user-defined command, and the fixed RDID / RDSR commands. */
    static final int CMD_USR = 1 << 18;
    static final int CMD_RDSR = 1 << 27;
    static final int CMD_RDID = 1 << 28;
    /** SPI_USER: a read (MISO) phase follows; SPI_USER1 holds its bit length - 1 at bit 8. */
    static final int USER_MISO = 1 << 28;
    static final int USER_MOSI = 1 << 27;
    static final int USER1_MISO_BITLEN_SHIFT = 8;
    static final int USER1_MOSI_BITLEN_SHIFT = 17;
    static final int BITLEN_MASK = 0x1FF;

    /** SPI flash opcodes the emulated chip understands. */
    static final int FLASH_RDID = 0x9F;
    static final int FLASH_RDSR = 0x05;
    static final int FLASH_RDSR2 = 0x35;
    static final int FLASH_RDSR3 = 0x15;
    static final int FLASH_WRSR = 0x01;
    static final int FLASH_READ_UNIQUE_ID = 0x4B;

    private final VirtualDeviceConfig config;
    private final IntSupplier uartBaud;
    private final Map<Long, Integer> store = new HashMap<>();
    private int flashStatus;

    RegisterFile(VirtualDeviceConfig config, IntSupplier uartBaud) {
        this.config = config;
        this.uartBaud = uartBaud;
    }

    @Override
    public int read(long address) {
        address &= 0xFFFFFFFFL;
        if (address == CHIP_MAGIC) {
            return ESP8266_MAGIC;
        }
        if (address >= EFUSE_0 && address <= EFUSE_3) {
            return efuseWords()[(int) (address - EFUSE_0) / 4];
        }
        if (address == UART0_CLKDIV) {
            return clockDivider();
        }
        return store.getOrDefault(address, 0);
    }

    @Override
    public void write(long address, int value, int mask) {
        address &= 0xFFFFFFFFL;
        int merged = (store.getOrDefault(address, 0) & ~mask) | (value & mask);
        if (address == SPI_CMD) {
            runSpiCommand(merged);
            store.put(address, 0); // the controller clears the command bits when it is done
            return;
        }
        store.put(address, merged);
    }

    /** UART0 divider after auto-baud: the ROM's UART clock is twice the crystal, so div = 2*xtal/baud. */
    private int clockDivider() {
        long uartClock = config.crystalMhz() * 2_000_000L;
        return (int) Math.round((double) uartClock / uartBaud.getAsInt());
    }

    /**
     * OTP words as esptool decodes them: word0 bits 24-31 = MAC byte 5; word1 bits 0-15 = MAC
     * bytes 4 and 3, bits 16-23 select the OUI (0 = 18:fe:34, 1 = ac:d0:74); a non-zero word3
     * carries the OUI itself in bits 0-23. ESP8285: word0 bit 4 marks it (with word3 bit 26
     * for 2 MB of embedded flash).
     */
    int[] efuseWords() {
        byte[] mac = config.mac();
        int oui = (mac[0] & 0xFF) << 16 | (mac[1] & 0xFF) << 8 | (mac[2] & 0xFF);
        boolean esp8285 = config.chip() == Chip.ESP8285;
        boolean twoMegEmbedded = esp8285 && config.flashSize() == 2 << 20;
        int selector = oui == 0x18FE34 ? 0 : oui == 0xACD074 ? 1 : -1;
        boolean ouiInWord3 = selector < 0 || twoMegEmbedded;
        int w0 = (mac[5] & 0xFF) << 24 | (esp8285 ? 1 << 4 : 0);
        int w1 = (ouiInWord3 ? 0 : selector) << 16 | (mac[3] & 0xFF) << 8 | (mac[4] & 0xFF);
        int w2 = 0;
        int w3 = (ouiInWord3 ? oui : 0) | (twoMegEmbedded ? 1 << 26 : 0);
        return new int[] {w0, w1, w2, w3};
    }

    private void runSpiCommand(int cmd) {
        if ((cmd & CMD_RDID) != 0) {
            store.put(SPI_W0, jedecWord());
        }
        if ((cmd & CMD_RDSR) != 0) {
            store.put(SPI_RD_STATUS, flashStatus);
        }
        if ((cmd & CMD_USR) == 0) {
            return;
        }
        int user = store.getOrDefault(SPI_USER, 0);
        int user1 = store.getOrDefault(SPI_USER1, 0);
        int opcode = store.getOrDefault(SPI_USER2, 0) & 0xFF;
        int misoBits = (user & USER_MISO) != 0 ? ((user1 >>> USER1_MISO_BITLEN_SHIFT) & BITLEN_MASK) + 1 : 0;
        int mosiBits = (user & USER_MOSI) != 0 ? ((user1 >>> USER1_MOSI_BITLEN_SHIFT) & BITLEN_MASK) + 1 : 0;
        byte[] reply;
        switch (opcode) {
            case FLASH_RDID:
                reply = new byte[] {(byte) config.jedecManufacturer(), (byte) config.jedecType(),
                    (byte) config.jedecCapacity()};
                break;
            case FLASH_RDSR:
                reply = new byte[] {(byte) flashStatus};
                break;
            case FLASH_RDSR2:
                reply = new byte[] {(byte) (flashStatus >> 8)};
                break;
            case FLASH_RDSR3:
                reply = new byte[] {0};
                break;
            case FLASH_READ_UNIQUE_ID:
                reply = uniqueId();
                break;
            case FLASH_WRSR:
                int w0 = store.getOrDefault(SPI_W0, 0);
                flashStatus = mosiBits > 8 ? w0 & 0xFFFF : (flashStatus & 0xFF00) | (w0 & 0xFF);
                reply = new byte[0];
                break;
            default:
                reply = new byte[0];
        }
        placeMiso(reply, misoBits);
    }

    /** Received bits fill the W registers from W0's low byte up; bits past the reply read as 1 (idle MISO). */
    private void placeMiso(byte[] reply, int misoBits) {
        int bytes = (misoBits + 7) / 8;
        for (int i = 0; i < bytes && i < SPI_W_COUNT * 4; i++) {
            long reg = SPI_W0 + (i / 4) * 4L;
            int shift = (i % 4) * 8;
            int value = i < reply.length ? reply[i] & 0xFF : 0xFF;
            int bitsHere = Math.min(8, misoBits - i * 8);
            int mask = ((1 << bitsHere) - 1) << shift;
            int old = store.getOrDefault(reg, 0);
            store.put(reg, (old & ~mask) | ((value << shift) & mask));
        }
    }

    private int jedecWord() {
        return config.jedecManufacturer() | config.jedecType() << 8 | config.jedecCapacity() << 16;
    }

    private byte[] uniqueId() {
        byte[] mac = config.mac();
        byte[] id = new byte[12]; // 4 dummy bytes, then 8 id bytes
        for (int i = 0; i < 8; i++) {
            id[4 + i] = (byte) (mac[i % 6] ^ (0x5A + i));
        }
        return id;
    }
}
