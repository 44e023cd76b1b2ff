/* Labels a counselor reads for the stored values: stages, enumerations, yes/no, money. */
#ifndef CORE_LABEL_H
#define CORE_LABEL_H

#include <stdint.h>
#include <stddef.h>

/* The translated label of a stored enumeration value ("junior_college" -> 大专); the value
 * itself when it has none; "-" for NULL. */
const char *label_value(const char *value);
/* The translated yes / no / unknown of a flag stored as "1", "0" or NULL. */
const char *label_flag(const char *v);
/* The allowed values of an enumeration ("rural|urban") as a counselor reads them: under Chinese
 * their labels ("农业户口、非农业户口"), otherwise the values themselves, into out. */
void label_allowed(const char *allowed, char *out, size_t len);
/* Write a fen amount as yuan with two decimals ("960.00") into out. */
void label_money(int64_t fen, char *out, size_t len);

#endif
