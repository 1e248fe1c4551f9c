package dev.flashline.cli;

import dev.flashline.errors.Setting;

/** How the command line spells the settings hints mention: {@code Setting.BAUD} is {@code --baud}. */
final class CliSettings {
    static final Setting.Names FLAGS = CliSettings::flag;

    private CliSettings() {
    }

    static String flag(Setting setting) {
        return switch (setting) {
            case WAIT_TIMEOUT -> "--wait-timeout";
            default -> "--" + setting.key(); // --port, --baud, --before, --after, --stub, --no-stub, --offset, --size, ...
        };
    }
}
