package dev.flashline.flasher;

import dev.flashline.chip.ChipFamily;
import dev.flashline.chip.ChipInfo;
import dev.flashline.chip.Esp32Chip;
import dev.flashline.chip.Esp32c3Chip;
import dev.flashline.chip.RtcWatchdog;
import dev.flashline.loader.Esp32RomCommands;
import dev.flashline.loader.Links;
import dev.flashline.loader.Loader;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubImage;
import dev.flashline.loader.StubLoader;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Session start for an ESP32 / ESP32-C3: attach the flash (the ROM needs SPI_ATTACH before any
 * flash command, RDID included), identify, choose the loader, set the flash size, change baud.
 * ESP32-C3: flashline's own stub by default. ESP32: the ROM (flashline has no Xtensa ESP32 stub)
 * unless {@code --stub FILE} gives one; the ROM writes compressed and hashes, and reads slowly.
 */
record Esp32Start(Loader loader, ChipInfo chip, String note, Esp32RomCommands rom) {

    static Esp32Start start(Loader loader, ChipFamily family, ConnectOptions options, Consumer<String> log) {
        Esp32RomCommands.spiAttach(loader);
        ChipInfo chip = family == ChipFamily.ESP32 ? Esp32Chip.identify(loader) : Esp32c3Chip.identify(loader);
        String silicon = family == ChipFamily.ESP32 ? Esp32Chip.silicon(loader) : Esp32c3Chip.silicon(loader);
        log.accept(String.format("Connected: %s (%s), MAC %s, flash %s (JEDEC %s), crystal %d MHz", chip.chip(), silicon,
                chip.mac(), chip.flashSize(), chip.flashJedecId(), chip.crystalMhz()));
        String note = "ROM loader";
        if (loader instanceof RomLoader rom && !options.noStub()) {
            Optional<StubImage> stub = options.stubFile() != null ? Optional.of(StubImage.load(options.stubFile()))
                    : StubImage.bundled(family.bundledStubResource());
            if (stub.isPresent()) {
                log.accept("Starting flasher stub (" + stub.get().origin() + ")...");
                loader = rom.runStub(stub.get());
                note = stub.get().origin();
                Esp32RomCommands.spiAttach(loader);
            } else {
                log.accept("No flasher stub for the " + chip.chip() + ": using its ROM loader (compressed writes and MD5"
                        + " in ROM; reading flash goes 64 bytes at a time).");
            }
        } else if (loader instanceof StubLoader) {
            note = "stub already running";
        }
        loader.spiSetParams(chip.flashSizeBytes());
        Esp32RomCommands rom = null;
        if (loader instanceof StubLoader stubLoader) {
            if (options.baud() != Loader.ROM_BAUD) {
                log.accept("Changing baud rate to " + options.baud());
                stubLoader.changeBaud(options.baud());
            }
        } else {
            rom = new Esp32RomCommands(loader, family.romFlashBeginWords());
            if (options.baud() != Loader.ROM_BAUD) {
                log.accept("Changing baud rate to " + options.baud() + " (ROM loader)");
                rom.changeBaud(options.baud());
            }
        }
        return new Esp32Start(loader, chip, note, rom);
    }

    /**
     * Leaves the ROM loader for the firmware: a pulse on EN through RTS (GPIO0 released through
     * DTR) where the adapter has the lines, otherwise the RTC watchdog (the ROM has no "run user
     * code" an ESP32-family chip can rely on).
     */
    static void resetIntoFirmware(Transport transport, Loader loader, ChipFamily family, Consumer<String> log) {
        if (transport.hasControlLines()) {
            try {
                transport.setDtr(false);
                transport.setRts(true);
                Thread.sleep(100);
                transport.setRts(false);
            } catch (IOException e) {
                throw Links.failure(e, transport.description());
            } catch (InterruptedException e) {
                throw Links.interrupted(e, "while resetting the device");
            }
            log.accept("Hard reset (RTS): the device runs its firmware.");
        } else {
            RtcWatchdog.reset(loader, family);
            log.accept("Reset through the RTC watchdog (no RTS line): the device runs its firmware.");
        }
    }
}
