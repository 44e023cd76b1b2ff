/* The note command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_NOTE_H
#define CLI_CMD_NOTE_H

struct cli;

/* jobdesk note add | done | move | cancel. */
int cmd_note(struct cli *c, int argc, char **argv);

#endif
