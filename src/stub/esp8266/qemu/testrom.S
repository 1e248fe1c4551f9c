/*
 * A stand-in for the ESP8266 mask ROM, for running the unchanged stub binary under
 * `qemu-system-xtensa -M sim -cpu lx106` (tests only, never shipped).
 *
 * - _start sets the stack where the real ROM keeps it, calls the stub's entry point (read from
 *   ENTRY_SLOT, which the test fills with the JSON's "entry"), and ends QEMU with exit code 0
 *   when the stub returns (RUN_USER_CODE).
 * - One jump per ROM routine, each linked at the routine's real address (testrom.ld), into the
 *   C implementations in testrom.c (UART over the semihosting console, flash in RAM).
 * - A load from the eFuse page (0x3FF00000..0x3FF000FF, not mapped by QEMU's sim machine) is
 *   emulated: the handler saves the registers, lets trom_emulate_load() (testrom.c) put the value
 *   into the destination register and step over the instruction, then returns.
 * - Any other exception ends QEMU with exit code 100 + EXCCAUSE, so a crash cannot look like success.
 */
    .set ENTRY_SLOT, 0x3FFFFFF8  /* above the stack top */
    .set STACK_TOP, 0x3FFFFFF0

    .macro die
    rsr     a3, exccause
    addi    a3, a3, 100
    movi    a2, 1           /* SYS_exit */
    simcall
    .endm

    .section .vec.kernel, "ax"
    wsr     a0, excsave1
    j       trom_exception
    .section .vec.user, "ax"
    wsr     a0, excsave1
    j       trom_exception
    .section .vec.double, "ax"
    die

    .section .text.start, "ax"
    .literal_position
    .global _start
    .align 4
_start:
    movi    a1, STACK_TOP
    movi    a2, 0           /* PS: out of the reset state (EXCM set) into plain kernel mode */
    wsr     a2, ps
    rsync
    call0   trom_init
    movi    a2, ENTRY_SLOT
    l32i    a2, a2, 0
    callx0  a2
    call0   trom_uart_flush
    movi    a2, 1           /* SYS_exit(0): the stub handed control back to the ROM */
    movi    a3, 0
    simcall
1:  j       1b

/* General exceptions (a0 already in EXCSAVE1). Saves a0..a15 and SAR in trom_regs, asks
 * trom_emulate_load(regs, exccause, excvaddr, epc1) for the next PC (0 = not emulated), restores
 * the registers (the destination one changed) and returns with rfe. The C code runs on the
 * interrupted code's stack, below its a1, as call0 code may. */
    .section .text, "ax"
    .literal_position
    .align 4
trom_exception:
    movi    a0, trom_regs
    s32i    a1, a0, 4
    s32i    a2, a0, 8
    s32i    a3, a0, 12
    s32i    a4, a0, 16
    s32i    a5, a0, 20
    s32i    a6, a0, 24
    s32i    a7, a0, 28
    s32i    a8, a0, 32
    s32i    a9, a0, 36
    s32i    a10, a0, 40
    s32i    a11, a0, 44
    s32i    a12, a0, 48
    s32i    a13, a0, 52
    s32i    a14, a0, 56
    s32i    a15, a0, 60
    rsr     a2, excsave1
    s32i    a2, a0, 0
    rsr     a2, sar
    s32i    a2, a0, 64
    mov     a2, a0
    rsr     a3, exccause
    rsr     a4, excvaddr
    rsr     a5, epc1
    call0   trom_emulate_load
    beqz    a2, 1f
    wsr     a2, epc1
    movi    a0, trom_regs
    l32i    a2, a0, 64
    wsr     a2, sar
    l32i    a1, a0, 4
    l32i    a2, a0, 8
    l32i    a3, a0, 12
    l32i    a4, a0, 16
    l32i    a5, a0, 20
    l32i    a6, a0, 24
    l32i    a7, a0, 28
    l32i    a8, a0, 32
    l32i    a9, a0, 36
    l32i    a10, a0, 40
    l32i    a11, a0, 44
    l32i    a12, a0, 48
    l32i    a13, a0, 52
    l32i    a14, a0, 56
    l32i    a15, a0, 60
    l32i    a0, a0, 0
    rsync
    rfe
1:  die

    .macro rom name, impl
    .section .rom.\name, "ax"
    .global \name
\name:
    j       \impl
    .endm

    rom uart_tx_one_char, trom_uart_tx_one_char
    rom uart_rx_one_char, trom_uart_rx_one_char
    rom uart_div_modify, trom_uart_div_modify
    rom ets_delay_us, trom_ets_delay_us
    rom SPIRead, trom_spi_read
    rom SPIWrite, trom_spi_write
    rom SPIEraseSector, trom_spi_erase_sector
    rom SPIEraseBlock, trom_spi_erase_block
    rom SPIEraseChip, trom_spi_erase_chip
    rom SPIUnlock, trom_spi_unlock
    rom SPIParamCfg, trom_spi_param_cfg
