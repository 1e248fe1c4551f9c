/* The command loop. stub_main() is what the entry point calls on the chip; host tests call it
 * against test/hw_fake.c. */
#ifndef FLASHLINE_STUB_STUB_H
#define FLASHLINE_STUB_STUB_H

#define STUB_EXIT_RUN_USER_CODE 0 /* host asked to boot the firmware: return to the ROM */
#define STUB_EXIT_INPUT_CLOSED 1  /* only in host tests: the fake UART has no more input */

int stub_main(void);

#endif
