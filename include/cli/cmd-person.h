/* The person commands. Each entry point takes argv after the command's own name. */
#ifndef CLI_CMD_PERSON_H
#define CLI_CMD_PERSON_H

struct cli;

/* jobdesk person add | edit | show | facts | list. */
int cmd_person(struct cli *c, int argc, char **argv);

#endif
