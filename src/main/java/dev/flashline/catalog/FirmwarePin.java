package dev.flashline.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One pinned build in catalog.lock.yaml: the exact file a catalog entry stands for. {@code file} is
 * the checked .bin beside the lock (relative to its folder); {@code sha256}/{@code size} are the
 * .bin's. A build that came as .bin.gz keeps the download's own hash in {@code packed}. {@code trust}
 * says why it was believed: {@code digest} (the release's published sha256 matched),
 * {@code first-use} (no published digest; the operator accepted the hash shown) or {@code local}
 * (added from a file).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "version", "url", "file", "sha256", "size", "packed", "pinnedAt", "trust"})
public record FirmwarePin(String name, String version, String url, String file, String sha256, long size,
                          Packed packed, String pinnedAt, String trust) {

    public static final String TRUST_DIGEST = "digest";
    public static final String TRUST_FIRST_USE = "first-use";
    public static final String TRUST_LOCAL = "local";

    /** The compressed file as downloaded or added. */
    @JsonPropertyOrder({"name", "sha256", "size"})
    public record Packed(String name, String sha256, long size) {
    }
}
