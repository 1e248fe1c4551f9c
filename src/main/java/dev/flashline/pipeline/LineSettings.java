package dev.flashline.pipeline;

import dev.flashline.errors.Setting;

/**
 * How the line spells the settings hints mention: the station's properties in
 * config/application.properties where the line has one ({@code flashline.baud}), else the
 * {@code esp:} endpoint option the route sets ("the esp: option noStub").
 */
public final class LineSettings {
    public static final Setting.Names PROPERTIES = LineSettings::name;

    private LineSettings() {
    }

    public static String name(Setting setting) {
        return switch (setting) {
            case PORT -> "flashline.ports";
            case BAUD -> "flashline.baud";
            case BEFORE -> "flashline.before";
            case STUB -> "flashline.stub";
            case NO_STUB -> "the esp: option noStub";
            case OFFSET -> "the esp:flash option offset";
            case FLASH_MODE -> "the esp:flash option flashMode";
            case FLASH_SIZE -> "the esp:flash option flashSize";
            default -> setting.key(); // no line equivalent (after, wait-timeout, size): the neutral name
        };
    }
}
