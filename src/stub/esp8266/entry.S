/* Entry point called by the ROM loader (MEM_END with an entry address), with the call0 ABI:
 * return address in a0, stack in a1. Masks level-1 interrupts so the ROM's UART interrupt
 * handler cannot take bytes from the FIFO the stub polls, zeroes .bss (MEM_DATA only loads
 * .text and .data), runs the command loop, and returns to the ROM on RUN_USER_CODE. */
    .section .entry.text, "ax"
    .literal_position
    .global stub_entry
    .type stub_entry, @function
    .align 4
stub_entry:
    addi    a1, a1, -16
    s32i    a0, a1, 0
    rsil    a2, 1
    s32i    a2, a1, 4
    movi    a3, _bss_start
    movi    a4, _bss_end
    movi    a5, 0
1:  bgeu    a3, a4, 2f
    s32i    a5, a3, 0
    addi    a3, a3, 4
    j       1b
2:  call0   stub_main
    l32i    a2, a1, 4
    wsr     a2, ps
    rsync
    l32i    a0, a1, 0
    addi    a1, a1, 16
    ret
    .size stub_entry, . - stub_entry
