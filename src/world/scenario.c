// SPDX-License-Identifier: GPL-2.0-only
/*
 * scenario.c - the scenario file parser (docs/scenarios.md).
 *
 * A scenario is line-oriented text: directives that describe the machine
 * and the run (machine, seed, swap, cma, sample, trace), settings in
 * sysctl.conf syntax ("vm.name = value", or a sysfs path relative to
 * /sys), and a timeline of steps.  The parser resolves every name to an
 * index, checks every argument that can be checked without a machine, and
 * rejects the first problem with the file, the line and what is wrong.
 * It never prints.  Running is scenario_run.c's business.
 */
#include "world/scenario.h"
#include "mm/api_unlocked.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS	32
#define MAX_LINE	4096
#define MAX_DEPTH	8

static const char *const op_names[OP_NR] = {
	[OP_AT] = "at", [OP_WAIT] = "wait", [OP_CHECKPOINT] = "checkpoint",
	[OP_REPEAT] = "repeat", [OP_END] = "end", [OP_SET] = "set",
	[OP_SYSCTL] = "sysctl", [OP_SYSFS] = "sysfs",
	[OP_COMPACT] = "compact", [OP_DRAIN] = "drain",
	[OP_HUGEPAGES] = "hugepages",
	[OP_TASK] = "task", [OP_TOUCH] = "touch", [OP_UNMAP] = "unmap",
	[OP_MLOCK] = "mlock", [OP_MUNLOCK] = "munlock", [OP_PIN] = "pin",
	[OP_UNPIN] = "unpin", [OP_EXIT] = "exit",
	[OP_FILE] = "file", [OP_READ] = "read", [OP_WRITE] = "write",
	[OP_SYNC] = "sync", [OP_TRUNCATE] = "truncate",
	[OP_DELETE] = "delete",
	[OP_CACHE] = "cache", [OP_SLAB_ALLOC] = "slab-alloc",
	[OP_SLAB_FREE] = "slab-free", [OP_CACHE_DESTROY] = "cache-destroy",
	[OP_ALLOC] = "alloc", [OP_HUGETLB] = "hugetlb", [OP_DMA] = "dma",
	[OP_FREE] = "free",
};

const char *scen_op_name(enum scen_op op)
{
	return op < OP_NR ? op_names[op] : "?";
}

/* ---- the parse state ------------------------------------------------------ */

struct pstate {
	struct mc_scenario *sc;
	struct mc_error *err;
	int line;
	int first_step_line;
	int stack[MAX_DEPTH];	/* open repeat steps */
	int depth;
	/* the current line's tokens */
	char *tok[MAX_TOKENS];
	int ntok;
};

static int perr(struct pstate *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(struct pstate *ps, const char *fmt, ...)
{
	char msg[sizeof(ps->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mc_err(ps->err, ps->sc->file, ps->line, "%s", msg);
	return -EINVAL;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* ---- numbers, sizes, times ------------------------------------------------ */

/* A decimal number with an optional fraction of up to three digits, in
 * thousandths.  Stops at the first other character (*end). */
static int parse_milli(const char *s, const char **end, uint64_t *milli)
{
	uint64_t v = 0;
	unsigned frac = 0, fd = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (UINT64_MAX / 10000))
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		for (; isdigit((unsigned char)*s); s++) {
			if (fd == 3)
				return -EINVAL;
			frac = frac * 10 + (unsigned)(*s - '0');
			fd++;
		}
		for (; fd < 3; fd++)
			frac *= 10;
	}
	*milli = v * 1000 + frac;
	*end = s;
	return 0;
}

/* "4096", "4K", "2M", "1.5G", "1T" (binary units, optional "B"/"iB"). */
static int parse_bytes(const char *s, uint64_t *bytes)
{
	const char *e;
	uint64_t milli, mult = 1;

	if (parse_milli(s, &e, &milli))
		return -EINVAL;
	switch (*e) {
	case 'K': case 'k': mult = 1ULL << 10; e++; break;
	case 'M': case 'm': mult = 1ULL << 20; e++; break;
	case 'G': case 'g': mult = 1ULL << 30; e++; break;
	case 'T': case 't': mult = 1ULL << 40; e++; break;
	default: break;
	}
	if (mult > 1 && *e == 'i')
		e++;
	if (*e == 'B')
		e++;
	if (*e)
		return -EINVAL;
	if (milli % 1000 && mult == 1)
		return -EINVAL;
	if (milli / 1000 > UINT64_MAX / mult)
		return -ERANGE;
	*bytes = milli / 1000 * mult + (milli % 1000) * mult / 1000;
	return 0;
}

/* "500ms", "2s", "1.5s", "10us", "100ns", "2m", "1h"; a bare number is
 * seconds. */
static int parse_time(const char *s, uint64_t *ns)
{
	static const struct { const char *u; uint64_t ns; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000ULL }, { "m", 60000000000ULL },
		{ "min", 60000000000ULL }, { "h", 3600000000000ULL },
		{ "", 1000000000ULL },
	};
	const char *e;
	uint64_t milli;

	if (parse_milli(s, &e, &milli))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(e, units[i].u))
			continue;
		if (milli > UINT64_MAX / units[i].ns)
			return -ERANGE;
		if (units[i].ns < 1000 && milli % 1000)
			return -EINVAL;
		*ns = milli * units[i].ns / 1000;
		return 0;
	}
	return -EINVAL;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x > max)
		return -EINVAL;
	*v = x;
	return 0;
}

static int find_name(struct pstate *ps, int ns, const char *name)
{
	for (unsigned i = 0; i < ps->sc->nr_names[ns]; i++)
		if (!strcmp(ps->sc->names[ns][i].name, name))
			return (int)i;
	return -1;
}

static const char *const ns_label[] = {
	"task", "file", "cache", "group", "variable",
};

static int add_name(struct pstate *ps, int ns, const char *name, int type)
{
	struct mc_scenario *sc = ps->sc;
	int i = find_name(ps, ns, name);

	if (i >= 0)
		return perr(ps, "%s '%s' is already defined at line %d",
			    ns_label[ns], name, sc->names[ns][i].line);
	if (sc->nr_names[ns] == SCEN_MAX_NAMES)
		return perr(ps, "too many %ss (at most %d)", ns_label[ns],
			    SCEN_MAX_NAMES);
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-.+", *p))
			return perr(ps, "%s name '%s': use letters, digits, '_', '-', '.', '+'",
				    ns_label[ns], name);
	if (strlen(name) > 31)
		return perr(ps, "%s name '%s' is longer than 31 characters",
			    ns_label[ns], name);
	sc->names[ns][sc->nr_names[ns]].name = xstrdup(name);
	if (!sc->names[ns][sc->nr_names[ns]].name)
		return -ENOMEM;
	sc->names[ns][sc->nr_names[ns]].type = type;
	sc->names[ns][sc->nr_names[ns]].line = ps->line;
	return (int)sc->nr_names[ns]++;
}

static int need_name(struct pstate *ps, int ns, const char *name,
		     const char *declare)
{
	int i = find_name(ps, ns, name);

	if (i < 0)
		return perr(ps, "%s '%s' is not defined (declare it with '%s %s' first)",
			    ns_label[ns], name, declare, name);
	return i;
}

/*
 * A quantity: SIZE, N% (of memory), N%free, $VAR, N%$VAR, A..B[@ALIGN]
 * (random); with @count, a bare number is a count (SX_COUNT).
 */
static int parse_sexpr(struct pstate *ps, const char *what, const char *s,
		       bool count, struct sexpr *x)
{
	const char *pct = strchr(s, '%'), *dots = strstr(s, "..");
	uint64_t milli;
	const char *e;

	memset(x, 0, sizeof(*x));
	if (*s == '$' || (pct && pct[1] == '$')) {
		const char *var = (*s == '$') ? s + 1 : pct + 2;
		int v;

		x->pct = SX_PCT_ONE;
		if (pct) {
			if (parse_milli(s, &e, &milli) || e != pct)
				goto bad;
			x->pct = (uint32_t)milli;
		}
		v = find_name(ps, NS_VAR, var);
		if (v < 0)
			return perr(ps, "%s: variable '%s' is not set (use 'set %s EXPR' first)",
				    what, var, var);
		x->kind = SX_VAR;
		x->var = (uint16_t)v;
		return 0;
	}
	if (pct) {
		if (parse_milli(s, &e, &milli) || e != pct)
			goto bad;
		if (milli > 100000)
			return perr(ps, "%s: '%s' is more than 100%%", what, s);
		x->pct = (uint32_t)milli;
		if (!strcmp(pct + 1, "") || !strcmp(pct + 1, "mem"))
			x->kind = SX_PCT_MEM;
		else if (!strcmp(pct + 1, "free"))
			x->kind = SX_PCT_FREE;
		else
			goto bad;
		return 0;
	}
	if (dots) {
		char lo[64], hi[64];
		const char *at = strchr(dots + 2, '@');
		size_t ln = (size_t)(dots - s);
		size_t hn = at ? (size_t)(at - dots - 2) : strlen(dots + 2);

		if (ln >= sizeof(lo) || hn >= sizeof(hi) || !ln || !hn)
			goto bad;
		memcpy(lo, s, ln);
		lo[ln] = '\0';
		memcpy(hi, dots + 2, hn);
		hi[hn] = '\0';
		x->kind = SX_RANGE;
		if (count && parse_uint(lo, UINT64_MAX, &x->a) == 0 &&
		    parse_uint(hi, UINT64_MAX, &x->b) == 0 && !at) {
			x->align = 1;
			x->kind = SX_COUNT;	/* a range of counts */
			x->pct = 1;		/* marks the range */
		} else if (parse_bytes(lo, &x->a) || parse_bytes(hi, &x->b) ||
			   (at && parse_bytes(at + 1, &x->align))) {
			goto bad;
		}
		if (x->b <= x->a)
			return perr(ps, "%s: empty range '%s' (the upper end is excluded)",
				    what, s);
		return 0;
	}
	if (count && parse_uint(s, UINT64_MAX, &x->a) == 0) {
		x->kind = SX_COUNT;
		return 0;
	}
	if (parse_bytes(s, &x->a))
		goto bad;
	x->kind = SX_BYTES;
	return 0;
bad:
	return perr(ps, "%s: '%s' is not a size (4K, 2M, 1.5G, 80%%, 50%%free, $var, 25%%$var, 0..1G@2M)",
		    what, s);
}

/* ---- tokens and options --------------------------------------------------- */

struct args {
	const char *pos[MAX_TOKENS];
	int npos;
	const char *key[MAX_TOKENS], *val[MAX_TOKENS];
	int nopt;
	bool used[MAX_TOKENS];
};

static void split_args(struct pstate *ps, struct args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < ps->ntok; i++) {
		char *eq = strchr(ps->tok[i], '=');

		if (eq && eq != ps->tok[i]) {
			*eq = '\0';
			a->key[a->nopt] = ps->tok[i];
			a->val[a->nopt++] = eq + 1;
		} else {
			a->pos[a->npos++] = ps->tok[i];
		}
	}
}

static const char *opt(struct args *a, const char *key)
{
	for (int i = 0; i < a->nopt; i++)
		if (!strcmp(a->key[i], key)) {
			a->used[i] = true;
			return a->val[i];
		}
	return NULL;
}

/* Positional words that are flags ("madvise", "mlock" ...): consumed. */
static bool flag(struct args *a, const char *word)
{
	for (int i = 0; i < a->npos; i++)
		if (a->pos[i] && !strcmp(a->pos[i], word)) {
			for (int j = i; j + 1 < a->npos; j++)
				a->pos[j] = a->pos[j + 1];
			a->npos--;
			return true;
		}
	return false;
}

static int check_args(struct pstate *ps, struct args *a, const char *usage,
		      int min, int max)
{
	const char *op = ps->tok[0];

	for (int i = 0; i < a->nopt; i++)
		if (!a->used[i])
			return perr(ps, "%s: unknown option '%s=' (usage: %s)",
				    op, a->key[i], usage);
	if (a->npos < min)
		return perr(ps, "%s: missing arguments (usage: %s)", op,
			    usage);
	if (a->npos > max)
		return perr(ps, "%s: unexpected '%s' (usage: %s)", op,
			    a->pos[max], usage);
	return 0;
}

static int opt_int(struct pstate *ps, struct args *a, const char *key,
		   uint64_t max, int dflt, int *out)
{
	const char *v = opt(a, key);
	uint64_t x;

	*out = dflt;
	if (!v)
		return 0;
	if (parse_uint(v, max, &x))
		return perr(ps, "%s: %s=%s is not a number from 0 to %llu",
			    ps->tok[0], key, v, (unsigned long long)max);
	*out = (int)x;
	return 0;
}

/* ---- steps ---------------------------------------------------------------- */

static struct scen_step *new_step(struct pstate *ps, enum scen_op op)
{
	struct mc_scenario *sc = ps->sc;
	struct scen_step *s;

	if (sc->nr_steps == sc->cap_steps) {
		unsigned nc = sc->cap_steps ? sc->cap_steps * 2 : 64;
		struct scen_step *n = realloc(sc->steps, nc * sizeof(*n));

		if (!n)
			return NULL;
		sc->steps = n;
		sc->cap_steps = nc;
	}
	s = &sc->steps[sc->nr_steps++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->line = ps->line;
	s->cpu = -1;
	s->nid = -1;
	s->area = -1;
	s->jump = -1;
	if (!ps->first_step_line)
		ps->first_step_line = ps->line;
	return s;
}

static int parse_cpu_node(struct pstate *ps, struct args *a,
			  struct scen_step *s)
{
	int ret = opt_int(ps, a, "cpu", MC_MAX_CPUS - 1, -1, &s->cpu);

	return ret ? ret : opt_int(ps, a, "node", MC_MAX_NODES - 1, -1,
				   &s->nid);
}

/* A setting in sysctl.conf syntax: [-]key = value. */
static int parse_setting(struct pstate *ps, char *line)
{
	char *eq = strchr(line, '='), *k = line, *v, *e;
	struct scen_step *s;
	bool ign = false;

	*eq = '\0';
	v = eq + 1;
	while (isspace((unsigned char)*k))
		k++;
	if (*k == '-') {
		ign = true;
		k++;
	}
	for (e = k + strlen(k); e > k && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	while (isspace((unsigned char)*v))
		v++;
	for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	if (!*k)
		return perr(ps, "setting without a name before '='");
	for (const char *p = k; *p; p++)
		if (isspace((unsigned char)*p))
			return perr(ps, "'%s' is not a setting name (sysctl.conf syntax: name = value)",
				    k);
	if (!*v)
		return perr(ps, "%s: missing value after '='", k);
	if (!strncmp(k, "/proc/sys/", 10))
		k += 10;
	if (!strncmp(k, "vm.", 3) || !strncmp(k, "vm/", 3)) {
		s = new_step(ps, OP_SYSCTL);
		if (!s)
			return -ENOMEM;
	} else if (!strncmp(k, "/sys/", 5) || !strncmp(k, "kernel/mm/", 10) ||
		   !strncmp(k, "devices/", 8)) {
		if (!strncmp(k, "/sys/", 5))
			k += 5;
		s = new_step(ps, OP_SYSFS);
		if (!s)
			return -ENOMEM;
	} else {
		return perr(ps, "'%s': only vm.* sysctls and sysfs files under kernel/mm/ or devices/ are modelled",
			    k);
	}
	s->ignore_error = ign;
	s->text = xstrdup(k);
	s->value = xstrdup(v);
	if (!s->text || !s->value)
		return -ENOMEM;
	return 0;
}

static int directive(struct pstate *ps, const char *what)
{
	if (ps->first_step_line)
		return perr(ps, "'%s' must come before the timeline (its first step is at line %d)",
			    what, ps->first_step_line);
	return 0;
}

static int parse_header(struct pstate *ps, const char *kw, const char *rest)
{
	struct mc_scenario *sc = ps->sc;
	struct args a;
	int ret = directive(ps, kw);

	if (ret)
		return ret;
	if (!strcmp(kw, "description")) {
		size_t n = strlen(rest);

		while (n && isspace((unsigned char)rest[n - 1]))
			n--;
		if (n >= 2 && rest[0] == '"' && rest[n - 1] == '"') {
			rest++;
			n -= 2;
		}
		if (!n)
			return perr(ps, "description: missing text");
		free(sc->description);
		sc->description = strndup(rest, n);
		return sc->description ? 0 : -ENOMEM;
	}
	if (!strcmp(kw, "machine")) {
		/* the preset spec has its own '=' (pc:4G,cpus=4): words */
		if (sc->machine_line)
			return perr(ps, "machine: already given at line %d",
				    sc->machine_line);
		if (ps->ntok >= 2 && !strcmp(ps->tok[1], "zoneinfo")) {
			if (ps->ntok != 3)
				return perr(ps, "machine: usage: machine zoneinfo PATH");
			sc->zoneinfo = xstrdup(ps->tok[2]);
		} else {
			if (ps->ntok != 2)
				return perr(ps, "machine: usage: machine PRESET | machine zoneinfo PATH");
			sc->machine = xstrdup(ps->tok[1]);
		}
		sc->machine_line = ps->line;
		return (sc->machine || sc->zoneinfo) ? 0 : -ENOMEM;
	}
	split_args(ps, &a);
	if (!strcmp(kw, "name")) {
		if ((ret = check_args(ps, &a, "name NAME", 1, 1)))
			return ret;
		if (sc->name)
			return perr(ps, "name: given twice");
		sc->name = xstrdup(a.pos[0]);
		return sc->name ? 0 : -ENOMEM;
	}
	if (!strcmp(kw, "seed")) {
		if ((ret = check_args(ps, &a, "seed N", 1, 1)))
			return ret;
		if (parse_uint(a.pos[0], UINT64_MAX, &sc->seed))
			return perr(ps, "seed: '%s' is not a number", a.pos[0]);
		sc->seed_set = true;
		return 0;
	}
	if (!strcmp(kw, "swap")) {
		if ((ret = check_args(ps, &a, "swap SIZE", 1, 1)))
			return ret;
		if (parse_bytes(a.pos[0], &sc->swap_bytes))
			return perr(ps, "swap: '%s' is not a size", a.pos[0]);
		sc->swap_line = ps->line;
		return 0;
	}
	if (!strcmp(kw, "sample")) {
		if ((ret = check_args(ps, &a, "sample TIME", 1, 1)))
			return ret;
		if (parse_time(a.pos[0], &sc->sample_ns) || !sc->sample_ns)
			return perr(ps, "sample: '%s' is not a time above zero (500ms, 1s)",
				    a.pos[0]);
		return 0;
	}
	if (!strcmp(kw, "trace")) {
		if ((ret = check_args(ps, &a, "trace SYSTEM:EVENT", 1, 1)))
			return ret;
		if (sc->nr_traces == SCEN_MAX_TRACE)
			return perr(ps, "trace: at most %d patterns",
				    SCEN_MAX_TRACE);
		sc->traces[sc->nr_traces] = xstrdup(a.pos[0]);
		return sc->traces[sc->nr_traces++] ? 0 : -ENOMEM;
	}
	if (!strcmp(kw, "cma")) {
		struct scen_cma *c = &sc->cma[sc->nr_cma];
		const char *v;
		int nid;

		if (sc->nr_cma == SCEN_MAX_CMA)
			return perr(ps, "cma: at most %d areas", SCEN_MAX_CMA);
		memset(c, 0, sizeof(*c));
		c->line = ps->line;
		v = opt(&a, "name");
		snprintf(c->name, sizeof(c->name), "%s",
			 v ? v : (sc->nr_cma ? "cma" : "reserved"));
		if (v && (strlen(v) >= sizeof(c->name) || !*v))
			return perr(ps, "cma: name '%s' must be 1 to 31 characters",
				    v);
		for (unsigned i = 0; i < sc->nr_cma; i++)
			if (!strcmp(sc->cma[i].name, c->name))
				return perr(ps, "cma: area '%s' is already declared at line %d",
					    c->name, sc->cma[i].line);
		if ((v = opt(&a, "base")) && parse_bytes(v, &c->base))
			return perr(ps, "cma: base=%s is not an address", v);
		if ((ret = opt_int(ps, &a, "node", MC_MAX_NODES - 1, -1,
				   &nid)))
			return ret;
		c->nid = nid;
		if ((ret = check_args(ps, &a,
				      "cma SIZE [name=NAME] [node=N] [base=ADDR]",
				      1, 1)))
			return ret;
		if (parse_bytes(a.pos[0], &c->bytes) || !c->bytes)
			return perr(ps, "cma: '%s' is not a size", a.pos[0]);
		sc->nr_cma++;
		return 0;
	}
	return perr(ps, "unknown directive '%s'", kw);
}

static int parse_gfp(struct pstate *ps, const char *v, uint32_t *gfp)
{
	struct mc_error e = { 0 };

	if (mc_gfp_parse(v, gfp, &e))
		return perr(ps, "%s: gfp=%s: %s", ps->tok[0], v, e.msg);
	return 0;
}

static int parse_kind(struct pstate *ps, const char *v, int *kind)
{
	if (!v || !strcmp(v, "kernel"))
		*kind = MC_PAGE_KERNEL;
	else if (!strcmp(v, "slab"))
		*kind = MC_PAGE_SLAB;
	else if (!strcmp(v, "reclaimable"))
		*kind = MC_PAGE_SLAB_RECLAIMABLE;
	else
		return perr(ps, "%s: kind=%s: use kernel, slab or reclaimable",
			    ps->tok[0], v);
	return 0;
}

/* A group name: created on first use with @type; later uses must agree. */
static int group(struct pstate *ps, const char *name, int type, bool create)
{
	static const char *const tn[] = { "alloc", "hugetlb", "dma" };
	int g = find_name(ps, NS_GROUP, name);

	if (g < 0) {
		if (!create)
			return perr(ps, "group '%s' is not defined (alloc, hugetlb or dma steps make groups)",
				    name);
		return add_name(ps, NS_GROUP, name, type);
	}
	if (type >= 0 && ps->sc->names[NS_GROUP][g].type != type)
		return perr(ps, "group '%s' was made by '%s' at line %d, not '%s'",
			    name, tn[ps->sc->names[NS_GROUP][g].type],
			    ps->sc->names[NS_GROUP][g].line, tn[type]);
	return g;
}

static int no_decl_in_loop(struct pstate *ps)
{
	if (ps->depth)
		return perr(ps, "'%s' declares a name: not allowed inside 'repeat' (line %d)",
			    ps->tok[0],
			    ps->sc->steps[ps->stack[ps->depth - 1]].line);
	return 0;
}

/* start SIZE pairs of task, file and unmap steps */
static int range_args(struct pstate *ps, struct args *a, struct scen_step *s,
		      int first)
{
	int ret = parse_sexpr(ps, "start", a->pos[first], false, &s->x[0]);

	if (ret)
		return ret;
	ret = parse_sexpr(ps, "size", a->pos[first + 1], false, &s->x[1]);
	if (ret)
		return ret;
	if (s->x[1].kind == SX_BYTES && !s->x[1].a)
		return perr(ps, "%s: the size must not be zero", ps->tok[0]);
	return 0;
}

static int parse_step(struct pstate *ps)
{
	struct mc_scenario *sc = ps->sc;
	const char *kw = ps->tok[0];
	struct scen_step *s;
	struct args a;
	int op = -1, ret = 0;
	const char *v;

	for (int i = 0; i < OP_NR; i++)
		if (op_names[i] && !strcmp(op_names[i], kw))
			op = i;
	if (op < 0 || op == OP_SYSCTL || op == OP_SYSFS)
		return perr(ps, "unknown step '%s' (docs/scenarios.md lists the steps)",
			    kw);
	split_args(ps, &a);

	switch (op) {
	case OP_AT:
	case OP_WAIT:
		if ((ret = check_args(ps, &a, op == OP_AT ? "at TIME" :
				      "wait TIME", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if (parse_time(a.pos[0], &s->x[0].a))
			return perr(ps, "%s: '%s' is not a time (500ms, 2s, 1.5m)",
				    kw, a.pos[0]);
		return 0;
	case OP_CHECKPOINT:
		if ((ret = check_args(ps, &a, "checkpoint NAME", 1, 1)))
			return ret;
		for (const char *p = a.pos[0]; *p; p++)
			if (!isalnum((unsigned char)*p) && !strchr("_-.+", *p))
				return perr(ps, "checkpoint name '%s': use letters, digits, '_', '-', '.', '+'",
					    a.pos[0]);
		if (a.pos[0][0] == '.')
			return perr(ps, "checkpoint name '%s' must not start with '.'",
				    a.pos[0]);
		if (!strcmp(a.pos[0], "end"))
			return perr(ps, "checkpoint name 'end' is reserved for the state at the end of the run");
		for (unsigned i = 0; i < sc->nr_steps; i++)
			if (sc->steps[i].op == OP_CHECKPOINT &&
			    !strcmp(sc->steps[i].text, a.pos[0]))
				return perr(ps, "checkpoint '%s' is already at line %d",
					    a.pos[0], sc->steps[i].line);
		if (ps->depth)
			return perr(ps, "checkpoint inside 'repeat' (line %d): checkpoints are named once",
				    sc->steps[ps->stack[ps->depth - 1]].line);
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		s->text = xstrdup(a.pos[0]);
		sc->nr_checkpoints++;
		return s->text ? 0 : -ENOMEM;
	case OP_REPEAT:
		if ((ret = check_args(ps, &a, "repeat N ... end", 1, 1)))
			return ret;
		if (ps->depth == MAX_DEPTH)
			return perr(ps, "repeat: nested deeper than %d",
				    MAX_DEPTH);
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if (parse_uint(a.pos[0], 100000000, &s->n))
			return perr(ps, "repeat: '%s' is not a count", a.pos[0]);
		ps->stack[ps->depth++] = (int)(sc->nr_steps - 1);
		return 0;
	case OP_END:
		if ((ret = check_args(ps, &a, "end", 0, 0)))
			return ret;
		if (!ps->depth)
			return perr(ps, "'end' without 'repeat'");
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		s->jump = ps->stack[--ps->depth];
		sc->steps[s->jump].jump = (int)(sc->nr_steps - 1);
		return 0;
	case OP_SET:
		if ((ret = check_args(ps, &a, "set VAR SIZE", 2, 2)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_sexpr(ps, "set", a.pos[1], false, &s->x[0])))
			return ret;
		ret = find_name(ps, NS_VAR, a.pos[0]);
		if (ret < 0)
			ret = add_name(ps, NS_VAR, a.pos[0], 0);
		if (ret < 0)
			return ret;
		s->obj = ret;
		return 0;
	case OP_COMPACT:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_cpu_node(ps, &a, s)))
			return ret;
		return check_args(ps, &a, "compact [node=N] [cpu=N]", 0, 0);
	case OP_DRAIN:
		if (!new_step(ps, op))
			return -ENOMEM;
		return check_args(ps, &a, "drain", 0, 0);
	case OP_HUGEPAGES:
		if ((ret = check_args(ps, &a, "hugepages COUNT|SIZE", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		return parse_sexpr(ps, "hugepages", a.pos[0], true, &s->x[0]);

	case OP_TASK:
		if ((ret = no_decl_in_loop(ps)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = opt_int(ps, &a, "cpu", MC_MAX_CPUS - 1, 0,
				   &s->cpu)))
			return ret;
		if ((ret = check_args(ps, &a, "task NAME [cpu=N]", 1, 1)))
			return ret;
		ret = add_name(ps, NS_TASK, a.pos[0], 0);
		s->obj = ret;
		return ret < 0 ? ret : 0;
	case OP_TOUCH:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if (flag(&a, "madvise"))
			s->flags |= MC_TOUCH_MADVISE_HUGEPAGE;
		if (flag(&a, "nohuge"))
			s->flags |= MC_TOUCH_NOHUGEPAGE;
		if (flag(&a, "mlock"))
			s->flags |= TOUCH_MLOCK;
		if (flag(&a, "pin"))
			s->flags |= TOUCH_PIN;
		if ((s->flags & MC_TOUCH_MADVISE_HUGEPAGE) &&
		    (s->flags & MC_TOUCH_NOHUGEPAGE))
			return perr(ps, "touch: 'madvise' and 'nohuge' exclude each other");
		if ((ret = check_args(ps, &a,
				      "touch TASK START SIZE [madvise|nohuge] [mlock] [pin]",
				      3, 3)))
			return ret;
		goto task_range;
	case OP_UNMAP: {
		const char *ev, *lv, *ov, *kv;

		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		ev = opt(&a, "every");
		lv = opt(&a, "len");
		ov = opt(&a, "offset");
		kv = opt(&a, "keep");
		if ((ret = check_args(ps, &a,
				      "unmap TASK START SIZE [every=STRIDE (len=LEN [offset=OFF|random] | keep=KEEP)]",
				      3, 3)))
			return ret;
		if (ev && !lv && !kv)
			return perr(ps, "unmap: every= needs len= or keep=");
		if ((lv || kv) && !ev)
			return perr(ps, "unmap: len= and keep= need every=");
		if (lv && kv)
			return perr(ps, "unmap: len= and keep= exclude each other");
		if (ov && !lv)
			return perr(ps, "unmap: offset= needs every= and len=");
		if (ev) {
			if (parse_bytes(ev, &s->x[2].a) || !s->x[2].a)
				return perr(ps, "unmap: every=%s is not a size",
					    ev);
			s->x[2].kind = s->x[3].kind = SX_BYTES;
		}
		if (kv) {
			if (parse_bytes(kv, &s->x[3].a))
				return perr(ps, "unmap: keep=%s is not a size",
					    kv);
			if (s->x[3].a > s->x[2].a)
				return perr(ps, "unmap: keep=%s is more than every=%s",
					    kv, ev);
			s->sel = 2;	/* keep KEEP at random per stride */
		}
		if (lv) {
			if (parse_bytes(lv, &s->x[3].a) || !s->x[3].a)
				return perr(ps, "unmap: len=%s is not a size",
					    lv);
			if (ov && !strcmp(ov, "random")) {
				s->sel = 1;
			} else if (ov && parse_bytes(ov, &s->n)) {
				return perr(ps, "unmap: offset=%s is not a size or 'random'",
					    ov);
			}
			if (s->x[3].a + s->n > s->x[2].a)
				return perr(ps, "unmap: offset + len is more than every=%s",
					    ev);
		}
		goto task_range;
	}
	case OP_MLOCK:
	case OP_MUNLOCK:
	case OP_PIN:
	case OP_UNPIN:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = check_args(ps, &a, "mlock|munlock|pin|unpin TASK START SIZE",
				      3, 3)))
			return ret;
task_range:
		ret = need_name(ps, NS_TASK, a.pos[0], "task");
		if (ret < 0)
			return ret;
		s->obj = ret;
		return range_args(ps, &a, s, 1);
	case OP_EXIT:
		if ((ret = check_args(ps, &a, "exit TASK", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		ret = need_name(ps, NS_TASK, a.pos[0], "task");
		s->obj = ret;
		return ret < 0 ? ret : 0;

	case OP_FILE:
		if ((ret = no_decl_in_loop(ps)) ||
		    (ret = check_args(ps, &a, "file NAME", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		ret = add_name(ps, NS_FILE, a.pos[0], 0);
		s->obj = ret;
		return ret < 0 ? ret : 0;
	case OP_READ:
	case OP_WRITE:
	case OP_TRUNCATE:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_cpu_node(ps, &a, s)))
			return ret;
		if ((ret = check_args(ps, &a, op == OP_TRUNCATE ?
				      "truncate FILE START SIZE" :
				      "read|write FILE START SIZE [cpu=N]",
				      3, 3)))
			return ret;
		ret = need_name(ps, NS_FILE, a.pos[0], "file");
		if (ret < 0)
			return ret;
		s->obj = ret;
		return range_args(ps, &a, s, 1);
	case OP_SYNC:
	case OP_DELETE:
		if ((ret = check_args(ps, &a, op == OP_SYNC ? "sync FILE" :
				      "delete FILE", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		ret = need_name(ps, NS_FILE, a.pos[0], "file");
		s->obj = ret;
		return ret < 0 ? ret : 0;

	case OP_CACHE: {
		uint64_t size;

		if ((ret = no_decl_in_loop(ps)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		s->flags = flag(&a, "reclaimable");
		if ((ret = check_args(ps, &a,
				      "cache NAME OBJSIZE [reclaimable]", 2, 2)))
			return ret;
		if (parse_bytes(a.pos[1], &size) || !size || size > (1 << 20))
			return perr(ps, "cache: object size '%s' is not 1 byte to 1M",
				    a.pos[1]);
		s->n = size;
		ret = add_name(ps, NS_CACHE, a.pos[0], 0);
		s->obj = ret;
		return ret < 0 ? ret : 0;
	}
	case OP_SLAB_ALLOC:
	case OP_SLAB_FREE:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_cpu_node(ps, &a, s)))
			return ret;
		if ((ret = check_args(ps, &a,
				      "slab-alloc|slab-free CACHE COUNT [cpu=N]",
				      2, 2)))
			return ret;
		ret = need_name(ps, NS_CACHE, a.pos[0], "cache");
		if (ret < 0)
			return ret;
		s->obj = ret;
		ret = parse_sexpr(ps, kw, a.pos[1], true, &s->x[0]);
		if (!ret && s->x[0].kind != SX_COUNT)
			return perr(ps, "%s: COUNT '%s' is a number of objects (or a range 100..200)",
				    kw, a.pos[1]);
		return ret;
	case OP_CACHE_DESTROY:
		if ((ret = check_args(ps, &a, "cache-destroy CACHE", 1, 1)))
			return ret;
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		ret = need_name(ps, NS_CACHE, a.pos[0], "cache");
		s->obj = ret;
		return ret < 0 ? ret : 0;

	case OP_ALLOC: {
		int order;

		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_cpu_node(ps, &a, s)) ||
		    (ret = opt_int(ps, &a, "order", 10, 0, &order)) ||
		    (ret = parse_kind(ps, opt(&a, "kind"), &s->kind)))
			return ret;
		s->n = (uint64_t)order;
		s->gfp = s->kind == MC_PAGE_SLAB_RECLAIMABLE ?
			 MC_GFP_KERNEL | MC_GFP_RECLAIMABLE : MC_GFP_KERNEL;
		if ((v = opt(&a, "gfp")) && (ret = parse_gfp(ps, v, &s->gfp)))
			return ret;
		if ((v = opt(&a, "interval")) &&
		    (parse_time(v, &s->x[1].a) || !s->x[1].a))
			return perr(ps, "alloc: interval=%s is not a time above zero",
				    v);
		if ((ret = check_args(ps, &a,
				      "alloc GROUP SIZE|COUNT [order=N] [gfp=FLAGS] [kind=kernel|slab|reclaimable] [interval=TIME] [cpu=N] [node=N]",
				      2, 2)))
			return ret;
		ret = group(ps, a.pos[0], G_PAGES, true);
		if (ret < 0)
			return ret;
		s->obj = ret;
		return parse_sexpr(ps, "alloc", a.pos[1], true, &s->x[0]);
	}
	case OP_HUGETLB:
		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		if ((ret = parse_cpu_node(ps, &a, s)) ||
		    (ret = check_args(ps, &a,
				      "hugetlb GROUP COUNT|SIZE [node=N] [cpu=N]",
				      2, 2)))
			return ret;
		ret = group(ps, a.pos[0], G_HUGETLB, true);
		if (ret < 0)
			return ret;
		s->obj = ret;
		return parse_sexpr(ps, "hugetlb", a.pos[1], true, &s->x[0]);
	case OP_DMA: {
		int count;
		const char *cma, *al;

		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		cma = opt(&a, "cma");
		al = opt(&a, "align");
		if ((ret = parse_cpu_node(ps, &a, s)) ||
		    (ret = opt_int(ps, &a, "count", 1000000, 1, &count)) ||
		    (ret = check_args(ps, &a,
				      "dma GROUP SIZE [count=N] [cma=AREA] [align=SIZE] [node=N] [cpu=N]",
				      2, 2)))
			return ret;
		s->d = (uint64_t)count;
		if (cma) {
			s->cma = true;
			s->text = xstrdup(cma);
			if (!s->text)
				return -ENOMEM;
		}
		if (al) {
			if (!cma)
				return perr(ps, "dma: align= is for CMA buffers (cma=AREA)");
			if (parse_bytes(al, &s->x[1].a) || !s->x[1].a ||
			    (s->x[1].a & (s->x[1].a - 1)))
				return perr(ps, "dma: align=%s is not a power-of-two size",
					    al);
			s->x[1].kind = SX_BYTES;
		}
		if (!count)
			return perr(ps, "dma: count=0");
		ret = group(ps, a.pos[0], G_DMA, true);
		if (ret < 0)
			return ret;
		s->obj = ret;
		ret = parse_sexpr(ps, "dma", a.pos[1], false, &s->x[0]);
		if (!ret && s->x[0].kind == SX_BYTES && !s->x[0].a)
			return perr(ps, "dma: the size must not be zero");
		return ret;
	}
	case OP_FREE: {
		const char *fr, *kp, *cn;

		s = new_step(ps, op);
		if (!s)
			return -ENOMEM;
		fr = opt(&a, "fraction");
		kp = opt(&a, "keep-per-pageblock");
		cn = opt(&a, "count");
		if ((ret = parse_cpu_node(ps, &a, s)) ||
		    (ret = check_args(ps, &a,
				      "free GROUP [fraction=N/M | keep-per-pageblock=N | count=N] [cpu=N]",
				      1, 1)))
			return ret;
		if (!!fr + !!kp + !!cn > 1)
			return perr(ps, "free: fraction=, keep-per-pageblock= and count= exclude each other");
		ret = group(ps, a.pos[0], -1, false);
		if (ret < 0)
			return ret;
		s->obj = ret;
		s->sel = FREE_ALL;
		if (fr) {
			char *slash = strchr(fr, '/');

			if (!slash)
				return perr(ps, "free: fraction=%s is not N/M", fr);
			*slash = '\0';
			if (parse_uint(fr, 1000000, &s->n) ||
			    parse_uint(slash + 1, 1000000, &s->d) || !s->d ||
			    s->n > s->d)
				return perr(ps, "free: fraction=%s/%s is not N/M with 0 <= N <= M",
					    fr, slash + 1);
			s->sel = FREE_FRACTION;
		} else if (kp) {
			if (parse_uint(kp, 1ULL << 20, &s->n))
				return perr(ps, "free: keep-per-pageblock=%s is not a count",
					    kp);
			s->sel = FREE_KEEP_PER_PB;
		} else if (cn) {
			s->sel = FREE_COUNT;
			ret = parse_sexpr(ps, "free: count", cn, true,
					  &s->x[0]);
			if (!ret && s->x[0].kind != SX_COUNT)
				return perr(ps, "free: count=%s is not a number of blocks",
					    cn);
			return ret;
		}
		return 0;
	}
	default:
		break;
	}
	return perr(ps, "unknown step '%s'", kw);
}

/* Split a line into whitespace-separated tokens; '#' starts a comment at
 * the start of a token. */
static int tokenize(struct pstate *ps, char *line)
{
	char *p = line;

	ps->ntok = 0;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (ps->ntok == MAX_TOKENS)
			return perr(ps, "more than %d words on one line",
				    MAX_TOKENS);
		ps->tok[ps->ntok++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	return 0;
}

static const char *const header_words[] = {
	"name", "description", "machine", "seed", "swap", "sample", "trace",
	"cma", NULL,
};

static int parse_line(struct pstate *ps, char *line)
{
	char *p = line, *hash, copy[MAX_LINE];
	int ret;

	while (isspace((unsigned char)*p))
		p++;
	if (!*p || *p == '#' || *p == ';')
		return 0;
	/* comments: '#' at the start of a word */
	for (hash = p; (hash = strchr(hash, '#')); hash++)
		if (isspace((unsigned char)hash[-1])) {
			*hash = '\0';
			break;
		}
	snprintf(copy, sizeof(copy), "%s", p);
	if ((ret = tokenize(ps, p)))
		return ret;
	if (!ps->ntok)
		return 0;
	for (int i = 0; header_words[i]; i++)
		if (!strcmp(ps->tok[0], header_words[i])) {
			const char *rest = copy + strlen(ps->tok[0]);

			while (isspace((unsigned char)*rest))
				rest++;
			return parse_header(ps, ps->tok[0], rest);
		}
	/* a setting: the first word is not a step and the line has '=' */
	if (strchr(copy, '=')) {
		bool is_step = false;

		for (int i = 0; i < OP_NR; i++)
			if (op_names[i] && !strcmp(op_names[i], ps->tok[0]) &&
			    i != OP_SYSCTL && i != OP_SYSFS)
				is_step = true;
		if (!is_step)
			return parse_setting(ps, copy);
	}
	return parse_step(ps);
}

void mc_scenario_free(struct mc_scenario *sc)
{
	if (!sc)
		return;
	for (unsigned i = 0; i < sc->nr_steps; i++) {
		free(sc->steps[i].text);
		free(sc->steps[i].value);
	}
	for (int ns = 0; ns < 5; ns++)
		for (unsigned i = 0; i < sc->nr_names[ns]; i++)
			free(sc->names[ns][i].name);
	for (unsigned i = 0; i < sc->nr_traces; i++)
		free(sc->traces[i]);
	free(sc->steps);
	free(sc->file);
	free(sc->name);
	free(sc->description);
	free(sc->machine);
	free(sc->zoneinfo);
	free(sc);
}

int mc_scenario_parse(const char *text, size_t len, const char *name,
		      struct mc_scenario **out, struct mc_error *err)
{
	struct pstate ps = { .err = err };
	struct mc_scenario *sc;
	size_t pos = 0;
	int ret = 0;

	if (!out || (!text && len))
		return -EINVAL;
	*out = NULL;
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return -ENOMEM;
	ps.sc = sc;
	sc->file = xstrdup(name ? name : "<scenario>");
	if (!sc->file) {
		free(sc);
		return -ENOMEM;
	}
	sc->seed = 1;
	sc->sample_ns = 100000000ULL;	/* 100 ms */
	while (pos < len && !ret) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		char line[MAX_LINE];

		ps.line++;
		if (n >= sizeof(line)) {
			ret = perr(&ps, "line longer than %d characters",
				   MAX_LINE - 1);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (memchr(text + pos, '\0', n)) {
			ret = perr(&ps, "NUL byte in the text");
			break;
		}
		ret = parse_line(&ps, line);
		pos += n + 1;
	}
	if (!ret && ps.depth) {
		ps.line = sc->steps[ps.stack[ps.depth - 1]].line;
		ret = perr(&ps, "'repeat' is not closed by 'end'");
	}
	if (ret) {
		if (ret == -ENOMEM)
			mc_err(err, sc->file, ps.line, "out of memory");
		mc_scenario_free(sc);
		return ret;
	}
	*out = sc;
	return 0;
}

void mc_scenario_info(const struct mc_scenario *sc,
		      struct mc_scenario_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!sc)
		return;
	info->file = sc->file;
	info->name = sc->name;
	info->description = sc->description;
	info->machine = sc->machine;
	info->zoneinfo = sc->zoneinfo;
	info->machine_line = sc->machine_line;
	info->seed = sc->seed;
	info->seed_set = sc->seed_set;
	info->sample_ns = sc->sample_ns;
	info->nr_traces = sc->nr_traces;
	info->nr_steps = sc->nr_steps;
	info->nr_checkpoints = sc->nr_checkpoints;
}

const char *mc_scenario_trace(const struct mc_scenario *sc, unsigned i)
{
	return sc && i < sc->nr_traces ? sc->traces[i] : NULL;
}

int mc_scenario_setup(const struct mc_scenario *sc,
		      struct mc_machine_desc *desc, struct mc_options *opts,
		      struct mc_error *err)
{
	struct mc_machine_desc d;
	struct mc_error e2 = { 0 };
	uint64_t page;
	int ret;

	if (!sc || !desc || !opts)
		return -EINVAL;
	d = *desc;
	page = 1ULL << (d.page_shift ? d.page_shift : 12);
	if (sc->swap_line)
		opts->swap_pages = sc->swap_bytes / page;
	if (!sc->nr_cma)
		return 0;
	if (d.nr_cma_areas + sc->nr_cma > 8) {
		mc_err(err, sc->file, sc->cma[0].line,
		       "cma: the machine has %u CMA area(s) already; at most 8 in all",
		       d.nr_cma_areas);
		return -EINVAL;
	}
	d.cma = true;
	for (unsigned i = 0; i < sc->nr_cma; i++) {
		const struct scen_cma *c = &sc->cma[i];
		struct mc_cma_desc *cd = &d.cma_areas[d.nr_cma_areas++];

		if (c->bytes % page || c->base % page) {
			mc_err(err, sc->file, c->line,
			       "cma: size and base must be multiples of the page size (%llu)",
			       (unsigned long long)page);
			return -EINVAL;
		}
		if (c->nid >= (int)d.nr_nodes) {
			mc_err(err, sc->file, c->line,
			       "cma: node=%d: the machine has %u node(s)",
			       c->nid, d.nr_nodes);
			return -EINVAL;
		}
		memset(cd, 0, sizeof(*cd));
		snprintf(cd->name, sizeof(cd->name), "%s", c->name);
		cd->base_pfn = c->base / page;
		cd->pages = c->bytes / page;
		cd->nid = c->nid;
	}
	/* the kernel's own checks: alignment to pageblocks, room below the
	 * placement limit, one zone (cma.c) */
	ret = mc_desc_validate(&d, &e2);
	if (ret) {
		mc_err(err, sc->file, sc->cma[0].line, "cma: %s", e2.msg);
		return ret;
	}
	*desc = d;
	return 0;
}
