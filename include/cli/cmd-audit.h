/* The audit command. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_AUDIT_H
#define CLI_CMD_AUDIT_H

struct cli;

/* jobdesk audit [--person KEY] [--user LOGIN] [--from D] [--to D] [--limit N]
 * [--older-than SEQ] [--format table|json]. */
int cmd_audit(struct cli *c, int argc, char **argv);

#endif
