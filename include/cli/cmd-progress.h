/* The progress commands. The entry point takes argv after the command's own name. */
#ifndef CLI_CMD_PROGRESS_H
#define CLI_CMD_PROGRESS_H

struct cli;

/* jobdesk progress add | fix | remove. */
int cmd_progress(struct cli *c, int argc, char **argv);

#endif
