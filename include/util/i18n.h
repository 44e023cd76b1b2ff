/* The interface language: gettext with English source strings and a zh_CN translation. */
#ifndef UTIL_I18N_H
#define UTIL_I18N_H

#include <stdbool.h>

/* Bind the message catalogue: the build tree's when run from it, else the installed one. */
void i18n_init(const char *localedir);
/* The translation of an English source string (the string itself when there is none). */
const char *tr(const char *english);
/* Whether messages are shown in Chinese (LC_MESSAGES is zh_*). */
bool i18n_zh(void);

#endif
