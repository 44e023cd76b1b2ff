/* The decision command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_DECISION_H
#define CLI_CMD_DECISION_H

struct cli;

/* jobdesk decision list. */
int cmd_decision(struct cli *c, int argc, char **argv);

#endif
