/* The export command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_EXPORT_H
#define CLI_CMD_EXPORT_H

struct cli;

/* jobdesk export FILE.csv. */
int cmd_export(struct cli *c, int argc, char **argv);

#endif
