/* The counselor's screen as a command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_SCREEN_H
#define CLI_CMD_SCREEN_H

struct cli;

/* jobdesk with no command: the counselor's screen. */
int cmd_screen(struct cli *c, int argc, char **argv);

#endif
