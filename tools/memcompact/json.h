/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * json.h - a small streaming JSON writer for the command's -j output:
 * keys in the order written (deterministic), 64-bit integers exact, no
 * DOM.  Modelled on bpftool's json_writer.
 */
#ifndef MC_JSON_H
#define MC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *f;
	int depth;
	bool first[32];		/* no member written yet at this depth */
	bool after_key;
	bool compact;		/* one line, no spaces (JSON lines) */
};

void json_init(struct json *j, FILE *f);
/* One value per line: no indentation, the newline after the top level. */
void json_init_compact(struct json *j, FILE *f);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A number already formatted (e.g. fixed-point seconds "1.250000"). */
void json_number(struct json *j, const char *text);
/* key + value shorthands */
void json_kstr(struct json *j, const char *key, const char *s);
void json_ku64(struct json *j, const char *key, uint64_t v);
void json_ki64(struct json *j, const char *key, int64_t v);
void json_kbool(struct json *j, const char *key, bool v);
void json_kdouble(struct json *j, const char *key, double v);

#endif
