package dev.flashline.sim.tasmota;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.sim.VirtualFlash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Where the simulated Tasmota keeps its settings: one 4 KB sector just below the last four
 * sectors of the chip (the SDK keeps those for RF calibration, PHY init and Wi-Fi parameters).
 * On a 1 MB chip that is sector 0xFB (address 0xFB000), where real Tasmota reports "Loaded from
 * flash at FB". Block layout, little-endian: "FLCF", u16 format version, u16 JSON length, the
 * settings as UTF-8 JSON, then CRC-32 of everything before it. An erased (0xFF) or damaged
 * sector reads as "no settings", so a freshly flashed device starts from defaults.
 */
public final class SettingsStore {
    static final byte[] MAGIC = {'F', 'L', 'C', 'F'};
    static final int FORMAT_VERSION = 1;
    static final int SDK_RESERVED_SECTORS = 4;
    private static final int HEADER = 8;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SettingsStore() {
    }

    /** The settings sector number for a chip of this size (0xFB on 1 MB, 0x3FB on 4 MB). */
    public static int sector(int flashSize) {
        return flashSize / VirtualFlash.SECTOR_SIZE - SDK_RESERVED_SECTORS - 1;
    }

    public static int address(int flashSize) {
        return sector(flashSize) * VirtualFlash.SECTOR_SIZE;
    }

    public static Optional<TasmotaSettings> load(VirtualFlash flash) {
        byte[] sector = flash.read(address(flash.size()), VirtualFlash.SECTOR_SIZE);
        ByteBuffer buf = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (!Arrays.equals(Arrays.copyOf(sector, 4), MAGIC) || (buf.getShort(4) & 0xFFFF) != FORMAT_VERSION) {
            return Optional.empty();
        }
        int length = buf.getShort(6) & 0xFFFF;
        if (HEADER + length + 4 > sector.length) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(sector, 0, HEADER + length);
        if ((int) crc.getValue() != buf.getInt(HEADER + length)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(sector, HEADER, length, TasmotaSettings.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Erase, then program: the same two steps the real firmware takes on NOR flash. */
    public static void save(VirtualFlash flash, TasmotaSettings settings) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(settings);
        } catch (IOException e) {
            throw new IllegalStateException("settings cannot be serialised", e);
        }
        if (HEADER + json.length + 4 > VirtualFlash.SECTOR_SIZE) {
            throw new IllegalArgumentException("settings do not fit in one flash sector");
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) json.length).put(json);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, HEADER + json.length);
        buf.putInt((int) crc.getValue());
        flash.eraseSector(sector(flash.size()));
        flash.program(address(flash.size()), buf.array(), 0, buf.capacity());
    }
}
