/* Machine model: scenario seeding, persistent state (JSON), name/SID resolution, group expansion,
 * rights tables, fault injection, and the WinEmu_* control API. */
#define _GNU_SOURCE
#include "winemu.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

cJSON *g_state;
static char *g_path;
static int g_lockfd = -1;
static struct stat g_st;
static int g_have_st;
static int g_dirty;
static int g_env_checked;

/* ---------------- well-known and builtin names ---------------- */

typedef struct {
    const char *sid, *domain, *domsid, *name;
    int use;
} wk_t;

static const wk_t k_wellknown[] = {
    {"S-1-1-0", "", "S-1-1", "Everyone", SidTypeWellKnownGroup},
    {"S-1-2-0", "", "S-1-2", "LOCAL", SidTypeWellKnownGroup},
    {"S-1-2-1", "", "S-1-2", "CONSOLE LOGON", SidTypeWellKnownGroup},
    {"S-1-3-0", "", "S-1-3", "CREATOR OWNER", SidTypeWellKnownGroup},
    {"S-1-5-2", "NT AUTHORITY", "S-1-5", "NETWORK", SidTypeWellKnownGroup},
    {"S-1-5-3", "NT AUTHORITY", "S-1-5", "BATCH", SidTypeWellKnownGroup},
    {"S-1-5-4", "NT AUTHORITY", "S-1-5", "INTERACTIVE", SidTypeWellKnownGroup},
    {"S-1-5-6", "NT AUTHORITY", "S-1-5", "SERVICE", SidTypeWellKnownGroup},
    {"S-1-5-7", "NT AUTHORITY", "S-1-5", "ANONYMOUS LOGON", SidTypeWellKnownGroup},
    {"S-1-5-9", "NT AUTHORITY", "S-1-5", "ENTERPRISE DOMAIN CONTROLLERS", SidTypeWellKnownGroup},
    {"S-1-5-11", "NT AUTHORITY", "S-1-5", "Authenticated Users", SidTypeWellKnownGroup},
    {"S-1-5-14", "NT AUTHORITY", "S-1-5", "REMOTE INTERACTIVE LOGON", SidTypeWellKnownGroup},
    {"S-1-5-15", "NT AUTHORITY", "S-1-5", "This Organization", SidTypeWellKnownGroup},
    {"S-1-5-17", "NT AUTHORITY", "S-1-5", "IUSR", SidTypeWellKnownGroup},
    {"S-1-5-18", "NT AUTHORITY", "S-1-5", "SYSTEM", SidTypeWellKnownGroup},
    {"S-1-5-19", "NT AUTHORITY", "S-1-5", "LOCAL SERVICE", SidTypeWellKnownGroup},
    {"S-1-5-20", "NT AUTHORITY", "S-1-5", "NETWORK SERVICE", SidTypeWellKnownGroup},
    {"S-1-5-32-544", "BUILTIN", "S-1-5-32", "Administrators", SidTypeAlias},
    {"S-1-5-32-545", "BUILTIN", "S-1-5-32", "Users", SidTypeAlias},
    {"S-1-5-32-546", "BUILTIN", "S-1-5-32", "Guests", SidTypeAlias},
    {"S-1-5-32-547", "BUILTIN", "S-1-5-32", "Power Users", SidTypeAlias},
    {"S-1-5-32-548", "BUILTIN", "S-1-5-32", "Account Operators", SidTypeAlias},
    {"S-1-5-32-549", "BUILTIN", "S-1-5-32", "Server Operators", SidTypeAlias},
    {"S-1-5-32-550", "BUILTIN", "S-1-5-32", "Print Operators", SidTypeAlias},
    {"S-1-5-32-551", "BUILTIN", "S-1-5-32", "Backup Operators", SidTypeAlias},
    {"S-1-5-32-554", "BUILTIN", "S-1-5-32", "Pre-Windows 2000 Compatible Access", SidTypeAlias},
    {"S-1-5-32-555", "BUILTIN", "S-1-5-32", "Remote Desktop Users", SidTypeAlias},
    {"S-1-5-32-559", "BUILTIN", "S-1-5-32", "Performance Log Users", SidTypeAlias},
    {"S-1-5-32-568", "BUILTIN", "S-1-5-32", "IIS_IUSRS", SidTypeAlias},
    {NULL, NULL, NULL, NULL, 0}};

static void fill_wk(const wk_t *w, principal *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->sid, sizeof out->sid, "%s", w->sid);
    snprintf(out->domain, sizeof out->domain, "%s", w->domain);
    snprintf(out->domsid, sizeof out->domsid, "%s", w->domsid);
    snprintf(out->name, sizeof out->name, "%s", w->name);
    out->use = w->use;
}

static const wk_t *builtin_by_name(const char *name)
{
    for (const wk_t *w = k_wellknown; w->sid; w++)
        if (w->use == SidTypeAlias && str_ieq(w->name, name))
            return w;
    return NULL;
}

/* ---------------- rights ---------------- */

static const char *k_rights[] = {
    "SeInteractiveLogonRight", "SeNetworkLogonRight", "SeBatchLogonRight", "SeServiceLogonRight",
    "SeRemoteInteractiveLogonRight", "SeDenyInteractiveLogonRight", "SeDenyNetworkLogonRight",
    "SeDenyBatchLogonRight", "SeDenyServiceLogonRight", "SeDenyRemoteInteractiveLogonRight",
    "SeAssignPrimaryTokenPrivilege", "SeAuditPrivilege", "SeBackupPrivilege", "SeChangeNotifyPrivilege",
    "SeCreateGlobalPrivilege", "SeCreateSymbolicLinkPrivilege", "SeDebugPrivilege", "SeImpersonatePrivilege",
    "SeIncreaseBasePriorityPrivilege", "SeIncreaseQuotaPrivilege", "SeIncreaseWorkingSetPrivilege",
    "SeLoadDriverPrivilege", "SeManageVolumePrivilege", "SeProfileSingleProcessPrivilege",
    "SeRemoteShutdownPrivilege", "SeRestorePrivilege", "SeSecurityPrivilege", "SeShutdownPrivilege",
    "SeSystemEnvironmentPrivilege", "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
    "SeTakeOwnershipPrivilege", "SeTcbPrivilege", "SeTimeZonePrivilege", "SeUndockPrivilege", NULL};

const char *right_canonical(const char *name)
{
    for (int i = 0; k_rights[i]; i++)
        if (str_ieq(k_rights[i], name))
            return k_rights[i];
    return NULL;
}

int right_count(void)
{
    int n = 0;
    while (k_rights[n])
        n++;
    return n;
}

const char *right_at(int i) { return k_rights[i]; }

typedef struct {
    const char *right;
    const char *ws, *ms, *dc; /* space-separated SID lists per role */
} defright_t;

/* Windows defaults per role (win-semantics.md section 2: [ALL] [ANET] [BATCH] [KB981949]). */
static const defright_t k_defaults[] = {
    {"SeInteractiveLogonRight", "S-1-5-32-544 S-1-5-32-551 S-1-5-32-545", "S-1-5-32-544 S-1-5-32-551 S-1-5-32-545",
     "S-1-5-32-548 S-1-5-32-544 S-1-5-32-551 S-1-5-32-550 S-1-5-32-549"},
    {"SeNetworkLogonRight", "S-1-1-0 S-1-5-32-544 S-1-5-32-545 S-1-5-32-551",
     "S-1-1-0 S-1-5-32-544 S-1-5-32-545 S-1-5-32-551", "S-1-1-0 S-1-5-32-544 S-1-5-11 S-1-5-9 S-1-5-32-554"},
    {"SeBatchLogonRight", "S-1-5-32-544", "S-1-5-32-544 S-1-5-32-551 S-1-5-32-559 S-1-5-32-568",
     "S-1-5-32-544 S-1-5-32-551 S-1-5-32-559 S-1-5-32-568"},
    {"SeRemoteInteractiveLogonRight", "S-1-5-32-544 S-1-5-32-555", "S-1-5-32-544 S-1-5-32-555", "S-1-5-32-544"},
    {"SeChangeNotifyPrivilege", "S-1-1-0 S-1-5-19 S-1-5-20 S-1-5-32-544 S-1-5-32-545 S-1-5-32-551",
     "S-1-1-0 S-1-5-19 S-1-5-20 S-1-5-32-544 S-1-5-32-545 S-1-5-32-551",
     "S-1-1-0 S-1-5-19 S-1-5-20 S-1-5-32-544 S-1-5-11 S-1-5-32-554"},
    {"SeShutdownPrivilege", "S-1-5-32-544 S-1-5-32-551 S-1-5-32-545", "S-1-5-32-544 S-1-5-32-551",
     "S-1-5-32-544 S-1-5-32-551 S-1-5-32-548 S-1-5-32-549 S-1-5-32-550"},
    {"SeBackupPrivilege", "S-1-5-32-544 S-1-5-32-551", "S-1-5-32-544 S-1-5-32-551",
     "S-1-5-32-544 S-1-5-32-551 S-1-5-32-549"},
    {"SeDebugPrivilege", "S-1-5-32-544", "S-1-5-32-544", "S-1-5-32-544"},
    {"SeAuditPrivilege", "S-1-5-19 S-1-5-20", "S-1-5-19 S-1-5-20", "S-1-5-19 S-1-5-20"},
    {"SeImpersonatePrivilege", "S-1-5-32-544 S-1-5-19 S-1-5-20 S-1-5-6", "S-1-5-32-544 S-1-5-19 S-1-5-20 S-1-5-6 S-1-5-32-568",
     "S-1-5-32-544 S-1-5-19 S-1-5-20 S-1-5-6 S-1-5-32-568"},
    {NULL, NULL, NULL, NULL}};

cJSON *computer_rights(cJSON *comp)
{
    cJSON *r = cJSON_GetObjectItemCaseSensitive(comp, "rights");
    if (!r) {
        r = cJSON_AddObjectToObject(comp, "rights");
    }
    return r;
}

/* ---------------- state access helpers ---------------- */

static const char *jstr(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int jbool(cJSON *o, const char *k, int def)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v);
    return def;
}

cJSON *state_domain(void)
{
    cJSON *d = cJSON_GetObjectItemCaseSensitive(g_state, "domain");
    return cJSON_IsObject(d) ? d : NULL;
}

cJSON *find_computer(const char *name)
{
    cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(g_state, "computers"))
        if (str_ieq(jstr(c, "name"), name))
            return c;
    return NULL;
}

cJSON *local_computer(void)
{
    return find_computer(jstr(g_state, "localComputer"));
}

int computer_in_domain(cJSON *comp)
{
    return state_domain() && comp && jbool(comp, "domainMember", 0);
}

static void fill_account(cJSON *a, const char *domain, const char *domsid, int isdomain, principal *out)
{
    const char *type = jstr(a, "type");
    memset(out, 0, sizeof *out);
    snprintf(out->sid, sizeof out->sid, "%s", jstr(a, "sid"));
    snprintf(out->name, sizeof out->name, "%s", jstr(a, "name"));
    snprintf(out->domain, sizeof out->domain, "%s", domain);
    snprintf(out->domsid, sizeof out->domsid, "%s", domsid);
    out->use = (type && strcmp(type, "user") == 0) ? SidTypeUser
               : (isdomain && type && strcmp(type, "group") == 0) ? SidTypeGroup
                                                                  : SidTypeAlias;
    out->acct = a;
    out->isdomain = isdomain;
}

static void fill_domain(const char *name, const char *sid, principal *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->sid, sizeof out->sid, "%s", sid);
    snprintf(out->domsid, sizeof out->domsid, "%s", sid);
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->domain, sizeof out->domain, "%s", name);
    out->use = SidTypeDomain;
}

static int find_in(cJSON *scope, const char *name, const char *domname, int isdomain, principal *out)
{
    cJSON *a = idx_account_by_name(cJSON_GetObjectItemCaseSensitive(scope, "accounts"), name);
    if (a) {
        fill_account(a, domname, jstr(scope, "sid"), isdomain, out);
        return R_FOUND;
    }
    return R_NOTFOUND;
}

int resolve_name(cJSON *comp, const char *full, int isolated_as_local, principal *out)
{
    cJSON *dom = computer_in_domain(comp) ? state_domain() : NULL;
    const char *bs = strchr(full, '\\');
    if (bs) {
        char prefix[NAME_MAX_];
        const char *name = bs + 1;
        size_t pl = (size_t)(bs - full);
        if (pl >= sizeof prefix)
            return R_NOTFOUND;
        memcpy(prefix, full, pl);
        prefix[pl] = 0;
        if (str_ieq(prefix, "NT AUTHORITY") || str_ieq(prefix, "BUILTIN")) {
            for (const wk_t *w = k_wellknown; w->sid; w++)
                if (str_ieq(w->domain, prefix) && str_ieq(w->name, name)) {
                    fill_wk(w, out);
                    return R_FOUND;
                }
            return R_NOTFOUND;
        }
        if (comp && str_ieq(prefix, jstr(comp, "name")))
            return find_in(comp, name, jstr(comp, "name"), 0, out);
        if (dom && (str_ieq(prefix, jstr(dom, "name")) || str_ieq(prefix, jstr(dom, "dnsName"))))
            return find_in(dom, name, jstr(dom, "name"), 1, out);
        return R_NOTFOUND;
    }
    const char *at = strchr(full, '@');
    if (at) {
        cJSON *a;
        if (!dom)
            return R_NOTFOUND;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(dom, "accounts"))
        {
            char implicit[2 * NAME_MAX_];
            snprintf(implicit, sizeof implicit, "%s@%s", jstr(a, "name"), jstr(dom, "dnsName"));
            if (str_ieq(jstr(a, "upn"), full) || str_ieq(implicit, full)) {
                fill_account(a, jstr(dom, "name"), jstr(dom, "sid"), 1, out);
                return R_FOUND;
            }
        }
        return R_NOTFOUND;
    }
    /* isolated: well-known, builtin, account domain (this computer), primary domain [LLN2] */
    for (const wk_t *w = k_wellknown; w->sid; w++)
        if (str_ieq(w->name, full)) {
            fill_wk(w, out);
            return R_FOUND;
        }
    if (str_ieq(full, "BUILTIN")) {
        fill_domain("BUILTIN", "S-1-5-32", out);
        return R_FOUND;
    }
    if (comp && str_ieq(full, jstr(comp, "name"))) {
        fill_domain(jstr(comp, "name"), jstr(comp, "sid"), out);
        return R_FOUND;
    }
    if (comp && find_in(comp, full, jstr(comp, "name"), 0, out) == R_FOUND)
        return R_FOUND;
    if (isolated_as_local || !dom)
        return R_NOTFOUND;
    if (str_ieq(full, jstr(dom, "name"))) {
        fill_domain(jstr(dom, "name"), jstr(dom, "sid"), out);
        out->isdomain = 1;
        return R_FOUND;
    }
    return find_in(dom, full, jstr(dom, "name"), 1, out);
}

static int sid_in_scope(cJSON *scope, const char *name, const char *sid, int isdomain, principal *out)
{
    const char *ssid = jstr(scope, "sid");
    size_t l = strlen(ssid);
    if (strcmp(sid, ssid) == 0) {
        fill_domain(name, ssid, out);
        out->isdomain = isdomain;
        return R_FOUND;
    }
    if (strncmp(sid, ssid, l) != 0 || sid[l] != '-' || strchr(sid + l + 1, '-'))
        return -1;
    cJSON *a = idx_account_by_sid(cJSON_GetObjectItemCaseSensitive(scope, "accounts"), sid);
    if (a) {
        fill_account(a, name, ssid, isdomain, out);
        return R_FOUND;
    }
    memset(out, 0, sizeof *out);
    snprintf(out->sid, sizeof out->sid, "%s", sid);
    snprintf(out->domain, sizeof out->domain, "%s", name);
    snprintf(out->domsid, sizeof out->domsid, "%s", ssid);
    snprintf(out->name, sizeof out->name, "%s", sid + l + 1);
    out->use = SidTypeUnknown;
    out->isdomain = isdomain;
    return R_KNOWNDOMAIN;
}

int resolve_sid(cJSON *comp, const char *sid, principal *out)
{
    int r;
    for (const wk_t *w = k_wellknown; w->sid; w++)
        if (strcmp(w->sid, sid) == 0) {
            fill_wk(w, out);
            return R_FOUND;
        }
    if (strcmp(sid, "S-1-5-32") == 0) {
        fill_domain("BUILTIN", "S-1-5-32", out);
        return R_FOUND;
    }
    if (strncmp(sid, "S-1-5-32-", 9) == 0 && !strchr(sid + 9, '-')) {
        memset(out, 0, sizeof *out);
        snprintf(out->sid, sizeof out->sid, "%s", sid);
        snprintf(out->domain, sizeof out->domain, "BUILTIN");
        snprintf(out->domsid, sizeof out->domsid, "S-1-5-32");
        snprintf(out->name, sizeof out->name, "%s", sid + 9);
        out->use = SidTypeUnknown;
        return R_KNOWNDOMAIN;
    }
    if (comp && (r = sid_in_scope(comp, jstr(comp, "name"), sid, 0, out)) >= 0)
        return r;
    if (computer_in_domain(comp) && (r = sid_in_scope(state_domain(), jstr(state_domain(), "name"), sid, 1, out)) >= 0)
        return r;
    return R_NOTFOUND;
}

int resolve_ref(cJSON *comp, const char *ref, char *sidout)
{
    uint8_t b[68];
    principal p;
    if ((ref[0] == 'S' || ref[0] == 's') && ref[1] == '-') {
        if (sid_from_string(ref, b) < 0 || sid_to_string(b, sidout, SIDSTR_MAX) != 0)
            return -1;
        return 0;
    }
    /* references to the domain work even when the computer itself is not a member (seeding groups) */
    const char *bs = strchr(ref, '\\');
    cJSON *dom = state_domain();
    if (bs && dom) {
        size_t pl = (size_t)(bs - ref);
        if ((strlen(jstr(dom, "name")) == pl && strncasecmp(ref, jstr(dom, "name"), pl) == 0) ||
            (strlen(jstr(dom, "dnsName")) == pl && strncasecmp(ref, jstr(dom, "dnsName"), pl) == 0)) {
            if (find_in(dom, bs + 1, jstr(dom, "name"), 1, &p) != R_FOUND)
                return -1;
            snprintf(sidout, SIDSTR_MAX, "%s", p.sid);
            return 0;
        }
    }
    if (resolve_name(comp, ref, 0, &p) != R_FOUND)
        return -1;
    snprintf(sidout, SIDSTR_MAX, "%s", p.sid);
    return 0;
}

/* ---------------- group expansion ---------------- */

static int has(char **v, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

static int add(char ***v, int *n, int *cap, const char *s)
{
    if (has(*v, *n, s))
        return 0;
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        char **nv = realloc(*v, sizeof(char *) * (size_t)nc);
        if (!nv)
            return 0;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = strdup(s);
    return 1;
}

static int members_hit(cJSON *members, char **v, int n)
{
    for (int i = 0; i < n; i++)
        if (idx_has_string(members, v[i]))
            return 1;
    return 0;
}

/* The groups among accounts, in array order: the index's list, or a scan when there is none. */
static int groups_hit(cJSON *accounts, char ***v, int *n, int *cap)
{
    cJSON **items, *a;
    int changed = 0, count = idx_groups(accounts, &items);
    if (count >= 0) {
        for (int i = 0; i < count; i++)
            if (members_hit(cJSON_GetObjectItemCaseSensitive(items[i], "members"), *v, *n))
                changed |= add(v, n, cap, jstr(items[i], "sid"));
        return changed;
    }
    cJSON_ArrayForEach(a, accounts)
    {
        const char *t = jstr(a, "type");
        if (t && strcmp(t, "user") != 0 && members_hit(cJSON_GetObjectItemCaseSensitive(a, "members"), *v, *n))
            changed |= add(v, n, cap, jstr(a, "sid"));
    }
    return changed;
}

int expand_groups(cJSON *comp, const char *usersid, const char **extra, int nextra, char ***out)
{
    char **v = NULL;
    int n = 0, cap = 0, changed = 1;
    cJSON *dom = computer_in_domain(comp) ? state_domain() : NULL;
    add(&v, &n, &cap, usersid);
    for (int i = 0; i < nextra; i++)
        add(&v, &n, &cap, extra[i]);
    while (changed) {
        cJSON *a;
        changed = 0;
        if (dom)
            changed |= groups_hit(cJSON_GetObjectItemCaseSensitive(dom, "accounts"), &v, &n, &cap);
        if (comp) {
            changed |= groups_hit(cJSON_GetObjectItemCaseSensitive(comp, "accounts"), &v, &n, &cap);
            cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(comp, "builtin"))
            {
                const wk_t *w = builtin_by_name(a->string);
                if (w && members_hit(a, v, n))
                    changed |= add(&v, &n, &cap, w->sid);
            }
        }
    }
    *out = v;
    return n;
}

/* ---------------- faults ---------------- */

long fault_check(const char *fn, const char *computer, int *hit)
{
    cJSON *f;
    *hit = 0;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(g_state, "faults"))
    {
        const char *ffn = jstr(f, "function");
        const char *fc = jstr(f, "computer");
        cJSON *cnt = cJSON_GetObjectItemCaseSensitive(f, "count");
        cJSON *skip = cJSON_GetObjectItemCaseSensitive(f, "skip");
        if (!str_ieq(ffn, fn) || !cJSON_IsNumber(cnt) || cnt->valuedouble < 1)
            continue;
        if (fc && !str_ieq(fc, computer))
            continue;
        if (cJSON_IsNumber(skip) && skip->valuedouble >= 1) {
            cJSON_SetNumberValue(skip, skip->valuedouble - 1);
            g_dirty = 1;
            return 0;
        }
        cJSON_SetNumberValue(cnt, cnt->valuedouble - 1);
        g_dirty = 1;
        *hit = 1;
        cJSON *st = cJSON_GetObjectItemCaseSensitive(f, "status");
        long long s = cJSON_IsNumber(st) ? (long long)st->valuedouble : 31;
        return (long)(int32_t)(uint32_t)(s & 0xFFFFFFFFLL);
    }
    return 0;
}

/* ---------------- persistence ---------------- */

static int read_file(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f)
        return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    *out = malloc((size_t)n + 1);
    if (!*out || fread(*out, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(*out);
        return -1;
    }
    (*out)[n] = 0;
    fclose(f);
    return 0;
}

static int write_atomic(const char *path, const char *text)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int open_lock(const char *path)
{
    char lp[4096];
    if (g_lockfd >= 0)
        close(g_lockfd);
    snprintf(lp, sizeof lp, "%s.lock", path);
    g_lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    return g_lockfd >= 0 ? 0 : -1;
}

static int set_path(const char *path)
{
    free(g_path);
    g_path = strdup(path);
    g_have_st = 0;
    idx_reset();
    cJSON_Delete(g_state);
    g_state = NULL;
    g_env_checked = 1;
    if (open_lock(path) != 0) {
        set_last_error_msg("cannot open lock file for %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int state_begin(void)
{
    struct stat st;
    if (!g_path && !g_env_checked) {
        const char *e = getenv("WINEMU_STATE");
        g_env_checked = 1;
        if (e && *e && set_path(e) != 0)
            return -1;
    }
    if (!g_path) {
        set_last_error_msg("no state file: set WINEMU_STATE or call WinEmu_UseState/WinEmu_Seed");
        return -1;
    }
    if (flock(g_lockfd, LOCK_EX) != 0) {
        set_last_error_msg("flock failed: %s", strerror(errno));
        return -1;
    }
    g_dirty = 0;
    if (stat(g_path, &st) != 0) {
        set_last_error_msg("cannot stat state %s: %s", g_path, strerror(errno));
        flock(g_lockfd, LOCK_UN);
        return -1;
    }
    if (!g_state || !g_have_st || st.st_ino != g_st.st_ino || st.st_size != g_st.st_size ||
        st.st_mtim.tv_sec != g_st.st_mtim.tv_sec || st.st_mtim.tv_nsec != g_st.st_mtim.tv_nsec) {
        char *text;
        cJSON *j;
        if (read_file(g_path, &text) != 0) {
            set_last_error_msg("cannot read state %s", g_path);
            flock(g_lockfd, LOCK_UN);
            return -1;
        }
        j = cJSON_Parse(text);
        free(text);
        if (!j) {
            set_last_error_msg("state %s is not valid JSON", g_path);
            flock(g_lockfd, LOCK_UN);
            return -1;
        }
        idx_reset();
        cJSON_Delete(g_state);
        g_state = j;
        g_st = st;
        g_have_st = 1;
    }
    return 0;
}

void state_dirty(void) { g_dirty = 1; }

void state_end(void)
{
    if (g_dirty && g_state) {
        char *text = cJSON_Print(g_state);
        if (text && write_atomic(g_path, text) == 0) {
            struct stat st;
            if (stat(g_path, &st) == 0) {
                g_st = st;
                g_have_st = 1;
            }
        }
        free(text);
    }
    g_dirty = 0;
    flock(g_lockfd, LOCK_UN);
}

int state_use(const char *path)
{
    if (!path || !*path) {
        set_last_error_msg("empty state path");
        return -1;
    }
    if (set_path(path) != 0)
        return -1;
    if (state_begin() != 0)
        return -1;
    state_end();
    return 0;
}

/* ---------------- seeding ---------------- */

static char g_seed_err[512];

static void seed_err(const char *fmt, const char *a, const char *b)
{
    if (!g_seed_err[0])
        snprintf(g_seed_err, sizeof g_seed_err, fmt, a ? a : "", b ? b : "");
}

static void copy_str(cJSON *dst, cJSON *src, const char *k, const char *def)
{
    const char *v = jstr(src, k);
    if (v || def)
        cJSON_AddStringToObject(dst, k, v ? v : def);
}

static void copy_bool(cJSON *dst, cJSON *src, const char *k, int def)
{
    cJSON_AddBoolToObject(dst, k, jbool(src, k, def));
}

static double jnum(cJSON *o, const char *k, double def)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

static const char *k_flags[] = {"disabled", "lockedOut", "accountExpired", "passwordExpired", "mustChangePassword",
                                "logonHoursDenied", "workstationDenied", NULL};

static int rid_used(cJSON *accts, int rid)
{
    cJSON *a;
    cJSON_ArrayForEach(a, accts)
        if ((int)jnum(a, "rid", -1) == rid)
            return 1;
    return 0;
}

/* Copy accounts (without members) and hash passwords. */
static void seed_accounts(cJSON *dst, cJSON *src, const char *scope_sid, int isdomain)
{
    cJSON *accts = cJSON_AddArrayToObject(dst, "accounts");
    cJSON *a;
    int next = 1100;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(src, "accounts"))
    {
        cJSON *n = cJSON_CreateObject();
        const char *type = jstr(a, "type");
        char sid[SIDSTR_MAX];
        int rid;
        if (!jstr(a, "name")) {
            seed_err("account without a name in %s%s", scope_sid, NULL);
            cJSON_Delete(n);
            continue;
        }
        if (!type)
            type = "user";
        if (strcmp(type, "user") && strcmp(type, "group") && strcmp(type, "alias"))
            seed_err("unknown account type %s for %s", type, jstr(a, "name"));
        if (!isdomain && strcmp(type, "group") == 0)
            type = "alias";
        rid = (int)jnum(a, "rid", -1);
        if (rid < 0) {
            while (rid_used(cJSON_GetObjectItemCaseSensitive(src, "accounts"), next) || rid_used(accts, next))
                next++;
            rid = next++;
        }
        snprintf(sid, sizeof sid, "%s-%d", scope_sid, rid);
        cJSON_AddStringToObject(n, "name", jstr(a, "name"));
        cJSON_AddStringToObject(n, "type", type);
        cJSON_AddNumberToObject(n, "rid", rid);
        cJSON_AddStringToObject(n, "sid", sid);
        if (strcmp(type, "user") == 0) {
            const char *pw = jstr(a, "password");
            char *h = password_hash(pw ? pw : "");
            cJSON_AddStringToObject(n, "passwordHash", h ? h : "");
            free(h);
            copy_str(n, a, "upn", NULL);
            for (int i = 0; k_flags[i]; i++)
                copy_bool(n, a, k_flags[i], 0);
            cJSON_AddNumberToObject(n, "badPasswordCount", jnum(a, "badPasswordCount", 0));
            const char *bad = netuser_seed_user(n, a);
            if (bad)
                seed_err("%s for %s", bad, jstr(a, "name"));
        } else {
            cJSON_AddArrayToObject(n, "members");
        }
        cJSON_AddItemToArray(accts, n);
    }
}

static cJSON *find_src_account(cJSON *src, const char *name)
{
    return idx_account_by_name(cJSON_GetObjectItemCaseSensitive(src, "accounts"), name);
}

static void resolve_members(cJSON *comp, cJSON *srcarr, cJSON *dstarr, const char *where)
{
    cJSON *m;
    cJSON_ArrayForEach(m, srcarr)
    {
        char sid[SIDSTR_MAX];
        if (!cJSON_IsString(m) || resolve_ref(comp, m->valuestring, sid) != 0) {
            seed_err("cannot resolve member %s of %s", cJSON_IsString(m) ? m->valuestring : "?", where);
            continue;
        }
        if (!idx_has_string(dstarr, sid)) {
            cJSON *e = cJSON_CreateString(sid);
            cJSON_AddItemToArray(dstarr, e);
            idx_string_appended(dstarr, e);
        }
    }
}

static void add_default_rights(cJSON *rights, const char *role)
{
    for (const defright_t *d = k_defaults; d->right; d++) {
        const char *list = strcmp(role, "domainController") == 0 ? d->dc
                           : strcmp(role, "workstation") == 0    ? d->ws
                                                                 : d->ms;
        cJSON *arr = cJSON_AddArrayToObject(rights, d->right);
        char buf[512];
        snprintf(buf, sizeof buf, "%s", list);
        for (char *save = NULL, *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
            cJSON_AddItemToArray(arr, cJSON_CreateString(t));
    }
}

static cJSON *build_state(cJSON *sc)
{
    cJSON *st = cJSON_CreateObject();
    cJSON *sdom = cJSON_GetObjectItemCaseSensitive(sc, "domain");
    cJSON *scomps = cJSON_GetObjectItemCaseSensitive(sc, "computers");
    cJSON *comps, *c;
    char buf[SIDSTR_MAX];
    int idx = 0;
    g_seed_err[0] = 0;
    cJSON_AddNumberToObject(st, "version", 1);
    const char *local = jstr(sc, "localComputer");
    if (!local && cJSON_GetArraySize(scomps) > 0)
        local = jstr(cJSON_GetArrayItem(scomps, 0), "name");
    cJSON_AddStringToObject(st, "localComputer", local ? local : "WEB01");

    if (cJSON_IsObject(sdom)) {
        cJSON *d = cJSON_AddObjectToObject(st, "domain");
        const char *name = jstr(sdom, "name") ? jstr(sdom, "name") : "CONTOSO";
        char dns[NAME_MAX_];
        snprintf(dns, sizeof dns, "%s.local", name);
        for (char *p = dns; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        cJSON_AddStringToObject(d, "name", name);
        copy_str(d, sdom, "dnsName", dns);
        copy_str(d, sdom, "sid", "S-1-5-21-1000-2000-3000");
        copy_bool(d, sdom, "reachable", 1);
        cJSON_AddNumberToObject(d, "lockoutThreshold", jnum(sdom, "lockoutThreshold", 0));
        uint8_t b[68];
        if (sid_from_string(jstr(d, "sid"), b) < 0)
            seed_err("bad domain sid %s%s", jstr(d, "sid"), NULL);
        seed_accounts(d, sdom, jstr(d, "sid"), 1);
        const char *baddc = netuser_seed_domain(d, sdom);
        if (baddc)
            seed_err("%s in domain %s", baddc, name);
        cJSON *accts = cJSON_GetObjectItemCaseSensitive(d, "accounts");
        if (!find_src_account(d, "Domain Users")) {
            cJSON *g = cJSON_CreateObject();
            snprintf(buf, sizeof buf, "%s-513", jstr(d, "sid"));
            cJSON_AddStringToObject(g, "name", "Domain Users");
            cJSON_AddStringToObject(g, "type", "group");
            cJSON_AddNumberToObject(g, "rid", 513);
            cJSON_AddStringToObject(g, "sid", buf);
            cJSON_AddArrayToObject(g, "members");
            cJSON_AddItemToArray(accts, g);
        }
        /* every domain user is a member of Domain Users (its primary group) */
        cJSON *du = find_src_account(d, "Domain Users"), *a;
        cJSON_ArrayForEach(a, accts)
            if (strcmp(jstr(a, "type"), "user") == 0)
                cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(du, "members"), cJSON_CreateString(jstr(a, "sid")));
    } else {
        cJSON_AddNullToObject(st, "domain");
    }

    comps = cJSON_AddArrayToObject(st, "computers");
    int have_local = 0;
    cJSON_ArrayForEach(c, scomps)
    {
        cJSON *n = cJSON_CreateObject();
        if (!jstr(c, "name")) {
            seed_err("computer without a name%s%s", NULL, NULL);
            cJSON_Delete(n);
            continue;
        }
        have_local |= str_ieq(jstr(c, "name"), jstr(st, "localComputer"));
        snprintf(buf, sizeof buf, "S-1-5-21-%d-%d-%d", 100 + idx, 200 + idx, 300 + idx);
        idx++;
        cJSON_AddStringToObject(n, "name", jstr(c, "name"));
        copy_bool(n, c, "reachable", 1);
        copy_bool(n, c, "callerIsAdmin", 1);
        copy_str(n, c, "sid", buf);
        copy_bool(n, c, "domainMember", cJSON_IsObject(sdom));
        copy_bool(n, c, "trustBroken", 0);
        copy_str(n, c, "role", cJSON_IsObject(sdom) ? "memberServer" : "workstation");
        cJSON_AddNumberToObject(n, "lockoutThreshold", jnum(c, "lockoutThreshold", 0));
        const char *badlock = netuser_seed_lockout(n, c);
        if (badlock)
            seed_err("%s on %s", badlock, jstr(c, "name"));
        const char *role = jstr(n, "role");
        if (strcmp(role, "memberServer") && strcmp(role, "workstation") && strcmp(role, "domainController"))
            seed_err("unknown role %s for %s", role, jstr(c, "name"));
        seed_accounts(n, c, jstr(n, "sid"), 0);
        if (!find_src_account(n, "Administrator")) {
            cJSON *adm = cJSON_CreateObject();
            char sid[SIDSTR_MAX + 8];
            char *h = password_hash("");
            snprintf(sid, sizeof sid, "%s-500", jstr(n, "sid"));
            cJSON_AddStringToObject(adm, "name", "Administrator");
            cJSON_AddStringToObject(adm, "type", "user");
            cJSON_AddNumberToObject(adm, "rid", 500);
            cJSON_AddStringToObject(adm, "sid", sid);
            cJSON_AddStringToObject(adm, "passwordHash", h ? h : "");
            free(h);
            for (int i = 0; k_flags[i]; i++)
                cJSON_AddBoolToObject(adm, k_flags[i], 0);
            cJSON_AddNumberToObject(adm, "badPasswordCount", 0);
            cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(n, "accounts"), adm);
        }
        cJSON_AddItemToArray(comps, n);
    }
    if (!have_local) {
        cJSON *n = cJSON_CreateObject();
        cJSON_AddStringToObject(n, "name", jstr(st, "localComputer"));
        cJSON_AddBoolToObject(n, "reachable", 1);
        cJSON_AddBoolToObject(n, "callerIsAdmin", 1);
        cJSON_AddStringToObject(n, "sid", "S-1-5-21-11-22-33");
        cJSON_AddBoolToObject(n, "domainMember", cJSON_IsObject(sdom));
        cJSON_AddBoolToObject(n, "trustBroken", 0);
        cJSON_AddStringToObject(n, "role", cJSON_IsObject(sdom) ? "memberServer" : "workstation");
        cJSON_AddNumberToObject(n, "lockoutThreshold", 0);
        cJSON_AddArrayToObject(n, "accounts");
        cJSON_AddItemToArray(comps, n);
        /* implicit Administrator */
        cJSON *adm = cJSON_CreateObject();
        char *h = password_hash("");
        cJSON_AddStringToObject(adm, "name", "Administrator");
        cJSON_AddStringToObject(adm, "type", "user");
        cJSON_AddNumberToObject(adm, "rid", 500);
        cJSON_AddStringToObject(adm, "sid", "S-1-5-21-11-22-33-500");
        cJSON_AddStringToObject(adm, "passwordHash", h ? h : "");
        free(h);
        for (int i = 0; k_flags[i]; i++)
            cJSON_AddBoolToObject(adm, k_flags[i], 0);
        cJSON_AddNumberToObject(adm, "badPasswordCount", 0);
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(n, "accounts"), adm);
    }

    /* second pass: members, builtin aliases and rights need every account to exist */
    cJSON *old = g_state;
    g_state = st;
    cJSON *d = state_domain();
    if (d) {
        cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(d, "accounts"))
        {
            cJSON *src = find_src_account(sdom, jstr(a, "name"));
            if (strcmp(jstr(a, "type"), "user") != 0 && src)
                resolve_members(local_computer(), cJSON_GetObjectItemCaseSensitive(src, "members"),
                                cJSON_GetObjectItemCaseSensitive(a, "members"), jstr(a, "name"));
        }
    }
    cJSON_ArrayForEach(c, comps)
    {
        cJSON *src = NULL, *x, *a;
        cJSON_ArrayForEach(x, scomps)
            if (str_ieq(jstr(x, "name"), jstr(c, "name")))
                src = x;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(c, "accounts"))
        {
            cJSON *sa = find_src_account(src, jstr(a, "name"));
            if (strcmp(jstr(a, "type"), "user") != 0 && sa)
                resolve_members(c, cJSON_GetObjectItemCaseSensitive(sa, "members"),
                                cJSON_GetObjectItemCaseSensitive(a, "members"), jstr(a, "name"));
        }
        /* builtin aliases */
        cJSON *bi = cJSON_AddObjectToObject(c, "builtin");
        cJSON *sbi = cJSON_GetObjectItemCaseSensitive(src, "builtin");
        for (const wk_t *w = k_wellknown; w->sid; w++) {
            if (w->use != SidTypeAlias)
                continue;
            cJSON *arr = cJSON_AddArrayToObject(bi, w->name);
            cJSON *given = NULL, *g;
            cJSON_ArrayForEach(g, sbi)
                if (str_ieq(g->string, w->name))
                    given = g;
            if (given) {
                resolve_members(c, given, arr, w->name);
            } else if (strcmp(w->name, "Administrators") == 0) {
                snprintf(buf, sizeof buf, "%s-500", jstr(c, "sid"));
                cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
            } else if (strcmp(w->name, "Users") == 0) {
                cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(c, "accounts"))
                    if (strcmp(jstr(a, "type"), "user") == 0 && jnum(a, "rid", 0) >= 1000)
                        cJSON_AddItemToArray(arr, cJSON_CreateString(jstr(a, "sid")));
                if (computer_in_domain(c)) {
                    snprintf(buf, sizeof buf, "%s-513", jstr(state_domain(), "sid"));
                    cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
                }
                cJSON_AddItemToArray(arr, cJSON_CreateString("S-1-5-4"));
                cJSON_AddItemToArray(arr, cJSON_CreateString("S-1-5-11"));
            }
        }
        cJSON *gg;
        cJSON_ArrayForEach(gg, sbi)
            if (!builtin_by_name(gg->string))
                seed_err("unknown builtin alias %s on %s", gg->string, jstr(c, "name"));
        /* rights */
        cJSON *rights = cJSON_AddObjectToObject(c, "rights");
        cJSON *srights = cJSON_GetObjectItemCaseSensitive(src, "rights");
        if (!cJSON_IsObject(srights)) {
            add_default_rights(rights, jstr(c, "role"));
        } else {
            cJSON *r;
            cJSON_ArrayForEach(r, srights)
            {
                const char *canon = right_canonical(r->string);
                if (!canon) {
                    seed_err("unknown right %s on %s", r->string, jstr(c, "name"));
                    continue;
                }
                cJSON *arr = cJSON_GetObjectItemCaseSensitive(rights, canon);
                if (!arr)
                    arr = cJSON_AddArrayToObject(rights, canon);
                resolve_members(c, r, arr, canon);
            }
        }
    }
    g_state = old;

    cJSON *faults = cJSON_AddArrayToObject(st, "faults"), *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sc, "faults"))
    {
        cJSON *n = cJSON_CreateObject();
        if (!jstr(f, "function")) {
            seed_err("fault without function%s%s", NULL, NULL);
            cJSON_Delete(n);
            continue;
        }
        cJSON_AddStringToObject(n, "function", jstr(f, "function"));
        cJSON_AddNumberToObject(n, "status", jnum(f, "status", 31));
        cJSON_AddNumberToObject(n, "skip", jnum(f, "skip", 0));
        cJSON_AddNumberToObject(n, "count", jnum(f, "count", 1));
        copy_str(n, f, "computer", NULL);
        cJSON_AddItemToArray(faults, n);
    }
    return st;
}

int state_seed(const char *scenario, const char *state)
{
    char *text;
    cJSON *sc, *st;
    if (!scenario || !state) {
        set_last_error_msg("scenario and state paths are required");
        return -1;
    }
    if (read_file(scenario, &text) != 0) {
        set_last_error_msg("cannot read scenario %s: %s", scenario, strerror(errno));
        return -1;
    }
    sc = cJSON_Parse(text);
    memset(text, 0, strlen(text)); /* scenario text may hold passwords */
    free(text);
    if (!sc) {
        set_last_error_msg("scenario %s is not valid JSON", scenario);
        return -1;
    }
    idx_reset();
    st = build_state(sc);
    idx_reset(); /* the scenario's and the new state's arrays are freed below */
    cJSON_Delete(sc);
    if (g_seed_err[0]) {
        set_last_error_msg("scenario %s: %s", scenario, g_seed_err);
        cJSON_Delete(st);
        return -1;
    }
    if (set_path(state) != 0) {
        cJSON_Delete(st);
        return -1;
    }
    if (flock(g_lockfd, LOCK_EX) != 0) {
        set_last_error_msg("flock failed: %s", strerror(errno));
        cJSON_Delete(st);
        return -1;
    }
    char *out = cJSON_Print(st);
    int rc = out ? write_atomic(state, out) : -1;
    free(out);
    cJSON_Delete(st);
    flock(g_lockfd, LOCK_UN);
    if (rc != 0) {
        set_last_error_msg("cannot write state %s: %s", state, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---------------- control API ---------------- */

EXPORT int WinEmu_Seed(const char *scenarioPath, const char *statePath)
{
    int e = errno, rc;
    emu_lock();
    rc = state_seed(scenarioPath, statePath);
    log_line("fn=WinEmu_Seed state=%s result=%d", statePath ? statePath : "(null)", rc);
    emu_unlock();
    errno = e;
    return rc == 0 ? 0 : 1;
}

EXPORT int WinEmu_UseState(const char *statePath)
{
    int e = errno, rc;
    emu_lock();
    rc = state_use(statePath);
    emu_unlock();
    errno = e;
    return rc == 0 ? 0 : 1;
}

EXPORT int WinEmu_SetLog(const char *path)
{
    emu_lock();
    set_log_path(path);
    emu_unlock();
    return 0;
}

EXPORT int WinEmu_GetStatsJson(char *buf, int capacity)
{
    int need;
    emu_lock();
    char *s = stats_json();
    need = s ? (int)strlen(s) + 1 : 1;
    if (buf && capacity >= need)
        memcpy(buf, s ? s : "", (size_t)need);
    free(s);
    emu_unlock();
    return need;
}

EXPORT void WinEmu_ResetStats(void)
{
    emu_lock();
    stats_reset();
    emu_unlock();
}
