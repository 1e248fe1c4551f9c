package dev.flashline.camel;

/**
 * The {@code mode} option of {@code esp:erase}: the whole chip, or only the sectors that the run's
 * backup showed holding data and that the write which follows will not erase itself.
 */
public enum EspEraseMode {
    ALL, NEEDED
}
