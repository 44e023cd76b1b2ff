/* The notice command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_NOTICE_H
#define CLI_CMD_NOTICE_H

struct cli;

/* jobdesk notice DECISION [--format text|html] [--output FILE]. */
int cmd_notice(struct cli *c, int argc, char **argv);

#endif
