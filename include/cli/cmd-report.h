/* The report command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_REPORT_H
#define CLI_CMD_REPORT_H

struct cli;

/* jobdesk report KIND [--office O] [--from D] [--to D] [--format table|csv|json]. */
int cmd_report(struct cli *c, int argc, char **argv);

#endif
