package dev.flashline.sim.tasmota;

import java.util.Objects;
import java.util.Optional;

/**
 * Which Tasmota the simulated device pretends to be: a log style and, optionally, a version that
 * replaces the one the flashed image carries ("9.4.0.5" becomes "9.4.0.5(tasmota)" in the 9.x
 * style; a version with its own "(image)" is used as given).
 */
public record TasmotaDialect(TasmotaLogStyle style, Optional<String> version) {
    public static final TasmotaDialect DEFAULT = new TasmotaDialect(TasmotaLogStyle.DEMO, Optional.empty());

    public TasmotaDialect {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(version, "version");
        version.ifPresent(TasmotaDialect::checkVersion);
    }

    /** From the CLI's --tasmota-log-style / --tasmota-version (either may be null). */
    public static TasmotaDialect of(String style, String version) {
        TasmotaLogStyle s = style == null || style.isBlank() ? TasmotaLogStyle.DEMO : TasmotaLogStyle.parse(style);
        return new TasmotaDialect(s, Optional.ofNullable(version).filter(v -> !v.isBlank()).map(String::strip));
    }

    /** True for the dialects of real releases (not the demo build): they behave as the real firmware, ROM banner on restart included. */
    public boolean realRelease() {
        return style.real();
    }

    /** The version the device reports, with its image in parentheses. */
    public String effectiveVersion(String imageVersion) {
        String v = version.orElse(imageVersion);
        return v.contains("(") ? v : v + "(" + style.defaultImage() + ")";
    }

    private static void checkVersion(String v) {
        if (!v.matches("\\d+\\.\\d+\\.\\d+(\\.\\d+)?[a-z]?(\\([A-Za-z0-9._-]+\\))?")) {
            throw new IllegalArgumentException("Tasmota version must look like 9.4.0, 9.4.0.5 or 14.3.0(tasmota): " + v);
        }
    }
}
