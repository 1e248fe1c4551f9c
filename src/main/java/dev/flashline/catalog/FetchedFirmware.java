package dev.flashline.catalog;

import java.nio.file.Path;

/** A firmware file ready to flash, with the sha256 checked (or, for demo builds, recorded) just now. */
public record FetchedFirmware(FirmwareEntry entry, Path path, String sha256, long size) {
}
