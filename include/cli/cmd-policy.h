/* The policy commands. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_POLICY_H
#define CLI_CMD_POLICY_H

struct cli;

/* jobdesk policy list | check | test | eval. */
int cmd_policy(struct cli *c, int argc, char **argv);

#endif
