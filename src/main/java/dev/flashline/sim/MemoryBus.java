package dev.flashline.sim;

/** What READ_REG / WRITE_REG reach: a chip's memory-mapped registers. */
interface MemoryBus {
    int read(long address);

    void write(long address, int value, int mask);
}
