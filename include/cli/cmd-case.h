/* The case command: close, reopen, transfer, merge. Each entry point takes argv after the
 * command's own name. */
#ifndef CLI_CMD_CASE_H
#define CLI_CMD_CASE_H

struct cli;

/* jobdesk case close|reopen|transfer|merge ... */
int cmd_case(struct cli *c, int argc, char **argv);

#endif
