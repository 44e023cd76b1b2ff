/* The grant command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_GRANT_H
#define CLI_CMD_GRANT_H

struct cli;

/* jobdesk grant KEY POLICY. */
int cmd_grant(struct cli *c, int argc, char **argv);

#endif
