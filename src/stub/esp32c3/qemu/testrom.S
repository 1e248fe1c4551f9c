/*
 * A stand-in for the ESP32-C3 mask ROM, for running the unchanged stub binary under
 * `qemu-system-riscv32 -M virt -bios none` (tests only, never shipped).
 *
 * QEMU's virt machine has RAM only from 0x80000000, the C3 has it at 0x3FC80000 (data bus) and
 * 0x40380000 (instruction bus, same memory). So the start-up code, in machine mode, builds Sv32
 * page tables (testrom.c) that recreate the C3's map, and runs the ROM's part and the stub in
 * supervisor mode with translation on:
 *   - the jump table at the C3 ROM's routine addresses (0x400000xx), one `j` per routine as in
 *     the real ROM, into the C implementations in testrom.c;
 *   - DRAM 0x3FC00000.., with IRAM 0x40380000.. mapped to the very same pages;
 *   - the peripheral page 0x60000000 as plain RAM (UART0 / SPI / eFuse registers read back what
 *     was written or preloaded);
 *   - this program, its 16550 UART (QEMU's stdio) and the test finisher at their own addresses.
 * The stub is called on the ROM's stack (top 0x3FCDE710). Machine mode handles every trap: a CSR
 * access to mstatus (the stub masks interrupts; a supervisor may not) is emulated on a shadow
 * register, anything else ends QEMU with exit code 100 + mcause. software_reset() (the stub's
 * RUN_USER_CODE) ends QEMU with 0; a stub that returns instead ends it with 3.
 */
    .equ ENTRY_SLOT, 0x80300000
    .equ ROM_STACK_TOP, 0x3FCDE710

    .section .text.start, "ax"
    .global _start
_start:
    la      sp, trom_mstack_top
    csrw    mscratch, sp
    la      t0, trom_trap_entry
    csrw    mtvec, t0
    li      t0, -1              /* PMP: let supervisor mode reach all memory */
    csrw    pmpaddr0, t0
    li      t0, 0x1f
    csrw    pmpcfg0, t0
    call    trom_paging         /* returns the satp value */
    csrw    satp, a0
    sfence.vma
    li      t0, 0x1800          /* mstatus.MPP = supervisor */
    csrc    mstatus, t0
    li      t0, 0x0800
    csrs    mstatus, t0
    la      t0, trom_supervisor
    csrw    mepc, t0
    mret

trom_supervisor:
    la      sp, trom_sstack_top
    call    trom_init
    li      sp, ROM_STACK_TOP
    li      t0, ENTRY_SLOT
    lw      t0, 0(t0)
    jalr    t0
    call    trom_stub_returned

/* Machine-mode trap entry: x1..x31 saved in a frame (x2 = the interrupted sp), then
 * trom_trap(frame, mcause, mepc, mtval) returns the PC to resume at (or ends QEMU). */
    .align 4
trom_trap_entry:
    csrrw   sp, mscratch, sp
    addi    sp, sp, -128
    sw      x1, 4(sp)
    sw      x3, 12(sp)
    sw      x4, 16(sp)
    sw      x5, 20(sp)
    sw      x6, 24(sp)
    sw      x7, 28(sp)
    sw      x8, 32(sp)
    sw      x9, 36(sp)
    sw      x10, 40(sp)
    sw      x11, 44(sp)
    sw      x12, 48(sp)
    sw      x13, 52(sp)
    sw      x14, 56(sp)
    sw      x15, 60(sp)
    sw      x16, 64(sp)
    sw      x17, 68(sp)
    sw      x18, 72(sp)
    sw      x19, 76(sp)
    sw      x20, 80(sp)
    sw      x21, 84(sp)
    sw      x22, 88(sp)
    sw      x23, 92(sp)
    sw      x24, 96(sp)
    sw      x25, 100(sp)
    sw      x26, 104(sp)
    sw      x27, 108(sp)
    sw      x28, 112(sp)
    sw      x29, 116(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    csrr    t0, mscratch
    sw      t0, 8(sp)
    sw      zero, 0(sp)
    mv      a0, sp
    csrr    a1, mcause
    csrr    a2, mepc
    csrr    a3, mtval
    call    trom_trap
    csrw    mepc, a0
    lw      x1, 4(sp)
    lw      x3, 12(sp)
    lw      x4, 16(sp)
    lw      x5, 20(sp)
    lw      x6, 24(sp)
    lw      x7, 28(sp)
    lw      x8, 32(sp)
    lw      x9, 36(sp)
    lw      x10, 40(sp)
    lw      x11, 44(sp)
    lw      x12, 48(sp)
    lw      x13, 52(sp)
    lw      x14, 56(sp)
    lw      x15, 60(sp)
    lw      x16, 64(sp)
    lw      x17, 68(sp)
    lw      x18, 72(sp)
    lw      x19, 76(sp)
    lw      x20, 80(sp)
    lw      x21, 84(sp)
    lw      x22, 88(sp)
    lw      x23, 92(sp)
    lw      x24, 96(sp)
    lw      x25, 100(sp)
    lw      x26, 104(sp)
    lw      x27, 108(sp)
    lw      x28, 112(sp)
    lw      x29, 116(sp)
    lw      x30, 120(sp)
    lw      x31, 124(sp)
    addi    sp, sp, 128
    csrrw   sp, mscratch, sp
    mret

/* The jump table at the C3 ROM's addresses (linked at 0x40000000, see testrom.ld). As in the
 * real ROM each entry is a single jump; the far targets sit in the same page. */
    .macro rom name, offset
    .org    \offset
    .global \name
\name:
    j       far_\name
    .endm
    .macro far name
far_\name:
    tail    trom_\name
    .endm

    .section .rom, "ax"
    .option push
    .option norvc
    rom ets_delay_us, 0x50
    rom uart_tx_one_char2, 0x6c
    rom uart_rx_one_char, 0x70
    rom uart_div_modify, 0x88
    rom software_reset, 0x90
    rom esp_rom_spiflash_erase_chip, 0x120
    rom esp_rom_spiflash_erase_block, 0x124
    rom esp_rom_spiflash_erase_sector, 0x128
    rom esp_rom_spiflash_write, 0x12c
    rom esp_rom_spiflash_read, 0x130
    rom esp_rom_spiflash_config_param, 0x134
    rom esp_rom_spiflash_unlock, 0x140
    rom esp_rom_spiflash_attach, 0x164
    .org    0x800
    far ets_delay_us
    far uart_tx_one_char2
    far uart_rx_one_char
    far uart_div_modify
    far software_reset
    far esp_rom_spiflash_erase_chip
    far esp_rom_spiflash_erase_block
    far esp_rom_spiflash_erase_sector
    far esp_rom_spiflash_write
    far esp_rom_spiflash_read
    far esp_rom_spiflash_config_param
    far esp_rom_spiflash_unlock
    far esp_rom_spiflash_attach
    .option pop
