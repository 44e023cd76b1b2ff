/* The demo command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_DEMO_H
#define CLI_CMD_DEMO_H

struct cli;

/* jobdesk demo: fill a deterministic synthetic caseload. */
int cmd_demo(struct cli *c, int argc, char **argv);

#endif
