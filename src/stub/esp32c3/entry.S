/* Entry point the ESP32-C3 ROM loader calls (MEM_END with an entry address), RISC-V ilp32 ABI,
 * machine mode, on the ROM's stack. Masks interrupts (mstatus.MIE) so no ROM interrupt handler
 * takes bytes from the UART FIFO the stub polls, zeroes .bss (MEM_DATA only loads .text and
 * .data) and runs the command loop. stub_main returns only for RUN_USER_CODE: the chip is then
 * reset by the ROM's software_reset(), and boots from flash once the host has released GPIO9. */
    .section .entry.text, "ax"
    .global stub_entry
    .type stub_entry, @function
    .align 2
stub_entry:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    csrrci  t0, mstatus, 8
    sw      t0, 8(sp)
    la      a0, _bss_start
    la      a1, _bss_end
1:  bgeu    a0, a1, 2f
    sw      zero, 0(a0)
    addi    a0, a0, 4
    j       1b
2:  call    stub_main
    call    software_reset
    /* not reached on a chip; restore the interrupt state and return if the reset does not happen */
    lw      t0, 8(sp)
    andi    t0, t0, 8
    csrs    mstatus, t0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret
    .size stub_entry, . - stub_entry
