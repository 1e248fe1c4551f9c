/*
 * A stand-in for the ESP8266 mask ROM, for running the unchanged stub binary under
 * `qemu-system-xtensa -M sim -cpu lx106` (tests only, never shipped).
 *
 * - _start sets the stack where the real ROM keeps it, calls the stub's entry point (read from
 *   ENTRY_SLOT, which the test fills with the JSON's "entry"), and ends QEMU with exit code 0
 *   when the stub returns (RUN_USER_CODE).
 * - One jump per ROM routine, each linked at the routine's real address (testrom.ld), into the
 *   C implementations in testrom.c (UART over the semihosting console, flash in RAM).
 * - Any exception ends QEMU with exit code 100 + EXCCAUSE, so a crash cannot look like success.
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
    die
    .section .vec.user, "ax"
    die
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
