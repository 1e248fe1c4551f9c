package dev.flashline.camel;

import org.apache.camel.spi.Metadata;

/**
 * Headers the {@code esp:} component reads and sets: only what a route may want to read or route
 * on. Everything the line's own beans need travels typed in the exchange's {@link DeviceRun}.
 */
public final class EspConstants {
    @Metadata(label = "consumer", description = "Port URL of the device (set by esp:devices; a producer opens it when the"
            + " exchange has no device yet, and releases it when the exchange completes)", javaType = "String")
    public static final String PORT = "EspPort";
    @Metadata(label = "producer", description = "identify: chip name (ESP8266EX, ESP8285)", javaType = "String")
    public static final String CHIP = "EspChip";
    @Metadata(label = "producer", description = "identify: MAC address (aa:bb:cc:dd:ee:ff)", javaType = "String")
    public static final String MAC = "EspMac";
    @Metadata(label = "producer", description = "identify: flash size as text (1MB)", javaType = "String")
    public static final String FLASH_SIZE = "EspFlashSize";
    @Metadata(label = "producer", description = "identify: flash size in bytes", javaType = "int")
    public static final String FLASH_SIZE_BYTES = "EspFlashSizeBytes";
    @Metadata(label = "producer", description = "identify: flash chip JEDEC id (hex)", javaType = "String")
    public static final String FLASH_JEDEC_ID = "EspFlashJedecId";
    @Metadata(label = "producer", description = "backup: sha256 of the flash read (EspBackupData holds the bytes)", javaType = "String")
    public static final String BACKUP_SHA256 = "EspBackupSha256";
    @Metadata(label = "producer", description = "backup: the flash read (also the body, when the body was empty)",
            javaType = "byte[]")
    public static final String BACKUP_DATA = "EspBackupData";
    @Metadata(label = "producer", description = "flash: MD5 of the bytes written", javaType = "String")
    public static final String WRITTEN_MD5 = "EspWrittenMd5";
    @Metadata(label = "producer", description = "flash: bytes of flash written", javaType = "int")
    public static final String WRITTEN_SIZE = "EspWrittenSize";
    @Metadata(label = "producer", description = "flash: bytes sent on the line, framing included", javaType = "long")
    public static final String WIRE_BYTES = "EspWireBytes";
    @Metadata(label = "producer", description = "erase?mode=needed: bytes of flash erased (0 when every sector outside the image was blank)", javaType = "long")
    public static final String ERASED_BYTES = "EspErasedBytes";
    @Metadata(label = "producer", description = "verify: true when the flash holds what esp:flash wrote", javaType = "boolean")
    public static final String VERIFIED = "EspVerified";
    @Metadata(label = "producer", description = "console: firmware version the device printed at boot", javaType = "String")
    public static final String FIRMWARE_VERSION = "EspFirmwareVersion";

    /** Exchange property (not a header) holding the {@link DeviceRun} of the device being provisioned. */
    public static final String DEVICE_RUN = "flashlineDeviceRun";

    private EspConstants() {
    }
}
