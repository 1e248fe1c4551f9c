package dev.flashline.catalog;

import java.net.URI;

/** One file of a GitHub release: its name, where to download it, its size and published sha256 (null if none). */
public record ReleaseAsset(String name, URI downloadUrl, long size, String sha256) {
}
