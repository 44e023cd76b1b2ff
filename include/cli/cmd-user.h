/* The user command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_USER_H
#define CLI_CMD_USER_H

struct cli;

/* jobdesk user add | list | edit | disable | passwd | idle-lock. */
int cmd_user(struct cli *c, int argc, char **argv);

#endif
