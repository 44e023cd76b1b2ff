/* The interface language: gettext with English source strings and a zh_CN translation. */
#ifndef UTIL_I18N_H
#define UTIL_I18N_H

#include <stdbool.h>

/* Mark a message id built into a table; tr() renders it where it is shown. */
#define N_(english) english

/* Bind the catalogue and decide the language, once, after setlocale (the only reader of the locale). */
void i18n_init(const char *localedir);
/* The translation of an English source string (the string itself when there is none). */
const char *tr(const char *english) __attribute__((format_arg(1)));
/* The translation of a message with a count: one or many (English), as the language counts. */
const char *trn(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* The zh_CN catalogue's translation of a message id whatever the locale (read from the folder
 * i18n_init was given), so that Chinese labels are understood under any locale; NULL when it
 * has none or there is no catalogue. */
const char *i18n_zh_text(const char *english);
/* Whether the interface is in Chinese: exactly when the zh_CN catalogue serves tr(). */
bool i18n_zh(void);

#endif
