package dev.flashline.camel;

/** Headers and exchange properties the {@code esp:} component reads and sets. */
public final class EspConstants {
    /** Port URL of the device (set by the consumer; read by the producer when no session is open yet). */
    public static final String PORT = "EspPort";
    public static final String CHIP = "EspChip";
    public static final String MAC = "EspMac";
    public static final String FLASH_SIZE = "EspFlashSize";
    public static final String FLASH_SIZE_BYTES = "EspFlashSizeBytes";
    public static final String FLASH_JEDEC_ID = "EspFlashJedecId";
    /** sha256 of the flash read by {@code backup} (the body holds the bytes). */
    public static final String BACKUP_SHA256 = "EspBackupSha256";
    /** MD5 of what {@code flash} wrote; {@code verify} compares the device's MD5 with it. */
    public static final String WRITTEN_MD5 = "EspWrittenMd5";
    public static final String WRITTEN_SIZE = "EspWrittenSize";
    public static final String WIRE_BYTES = "EspWireBytes";
    public static final String VERIFIED = "EspVerified";
    /** Firmware version printed by the booted firmware (set by {@code console}). */
    public static final String FIRMWARE_VERSION = "EspFirmwareVersion";

    /** Exchange property holding the {@link DeviceRun} of the device being provisioned. */
    public static final String DEVICE_RUN = "flashlineDeviceRun";

    private EspConstants() {
    }
}
