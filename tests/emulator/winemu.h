/* Windows security emulator: shared internal declarations.
 * All Windows types use their exact Windows x64 sizes (see win-semantics.md section 0). */
#ifndef WINEMU_H
#define WINEMU_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t BOOL;
typedef uint8_t BOOLEAN;
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef int32_t NTSTATUS;
typedef uint32_t ACCESS_MASK;
typedef uint16_t WCHAR;
typedef void *HANDLE;

typedef struct {
    uint16_t Length;
    uint16_t MaximumLength;
    WCHAR *Buffer;
} LSA_UNICODE_STRING;

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    LSA_UNICODE_STRING *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor;
    void *SecurityQualityOfService;
} LSA_OBJECT_ATTRIBUTES;

typedef struct { void *Sid; } LSA_ENUMERATION_INFORMATION;

typedef struct {
    int32_t Use;
    void *Sid;
    LONG DomainIndex;
    ULONG Flags;
} LSA_TRANSLATED_SID2;

typedef struct {
    int32_t Use;
    LSA_UNICODE_STRING Name;
    LONG DomainIndex;
} LSA_TRANSLATED_NAME;

typedef struct {
    LSA_UNICODE_STRING Name;
    void *Sid;
} LSA_TRUST_INFORMATION;

typedef struct {
    ULONG Entries;
    LSA_TRUST_INFORMATION *Domains;
} LSA_REFERENCED_DOMAIN_LIST;

typedef struct {
    void *Sid;
    DWORD Attributes;
} SID_AND_ATTRIBUTES;

typedef struct {
    DWORD LowPart;
    LONG HighPart;
} LUID;

_Static_assert(sizeof(LSA_UNICODE_STRING) == 16, "LSA_UNICODE_STRING");
_Static_assert(sizeof(LSA_OBJECT_ATTRIBUTES) == 48, "LSA_OBJECT_ATTRIBUTES");
_Static_assert(sizeof(LSA_TRANSLATED_SID2) == 24, "LSA_TRANSLATED_SID2");
_Static_assert(sizeof(LSA_TRANSLATED_NAME) == 32, "LSA_TRANSLATED_NAME");
_Static_assert(sizeof(LSA_TRUST_INFORMATION) == 24, "LSA_TRUST_INFORMATION");
_Static_assert(sizeof(LSA_REFERENCED_DOMAIN_LIST) == 16, "LSA_REFERENCED_DOMAIN_LIST");
_Static_assert(sizeof(SID_AND_ATTRIBUTES) == 16, "SID_AND_ATTRIBUTES");
_Static_assert(sizeof(LUID) == 8, "LUID");

/* NTSTATUS values */
#define ST_SUCCESS ((NTSTATUS)0x00000000)
#define ST_SOME_NOT_MAPPED ((NTSTATUS)0x00000107)
#define ST_NO_MORE_ENTRIES ((NTSTATUS)0x8000001A)
#define ST_UNSUCCESSFUL ((NTSTATUS)0xC0000001)
#define ST_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#define ST_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#define ST_NO_MEMORY ((NTSTATUS)0xC0000017)
#define ST_ACCESS_DENIED ((NTSTATUS)0xC0000022)
#define ST_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#define ST_NO_SUCH_PRIVILEGE ((NTSTATUS)0xC0000060)
#define ST_NONE_MAPPED ((NTSTATUS)0xC0000073)
#define ST_INVALID_SID ((NTSTATUS)0xC0000078)
#define ST_INTERNAL_DB_ERROR ((NTSTATUS)0xC0000158)
#define ST_RPC_SERVER_UNAVAILABLE ((NTSTATUS)0xC0020017)

/* Win32 errors */
#define E_OK 0
#define E_FILE_NOT_FOUND 2
#define E_ACCESS_DENIED 5
#define E_INVALID_HANDLE 6
#define E_NOT_ENOUGH_MEMORY 8
#define E_INVALID_PARAMETER 87
#define E_INSUFFICIENT_BUFFER 122
#define E_INVALID_LEVEL 124
#define E_MORE_DATA 234
#define E_NO_LOGON_SERVERS 1311
#define E_PRIVILEGE_NOT_HELD 1314
#define E_LOGON_FAILURE 1326
#define E_ACCOUNT_RESTRICTION 1327
#define E_INVALID_LOGON_HOURS 1328
#define E_INVALID_WORKSTATION 1329
#define E_PASSWORD_EXPIRED 1330
#define E_ACCOUNT_DISABLED 1331
#define E_NONE_MAPPED 1332
#define E_INVALID_SID 1337
#define E_INTERNAL_DB_ERROR 1383
#define E_LOGON_TYPE_NOT_GRANTED 1385
#define E_RPC_S_SERVER_UNAVAILABLE 1722
#define E_TRUSTED_RELATIONSHIP_FAILURE 1789
#define E_ACCOUNT_EXPIRED 1793
#define E_PASSWORD_MUST_CHANGE 1907
#define E_ACCOUNT_LOCKED_OUT 1909
#define NERR_UserNotFound 2221
#define NERR_DCNotFound 2453

/* SID_NAME_USE */
enum { SidTypeUser = 1, SidTypeGroup, SidTypeDomain, SidTypeAlias, SidTypeWellKnownGroup,
       SidTypeDeletedAccount, SidTypeInvalid, SidTypeUnknown, SidTypeComputer };

#define SIDSTR_MAX 200
#define NAME_MAX_ 260

/* ---- util.c ---- */
char *u16_to_utf8(const WCHAR *s, size_t nchars); /* malloc'd, NUL-terminated */
char *u16z_to_utf8(const WCHAR *s);               /* NUL-terminated input, NULL -> NULL */
size_t utf8_to_u16(const char *s, WCHAR *out, size_t cap); /* returns number of units (no NUL) */
int sid_to_string(const void *sid, char *out, size_t cap); /* 0 ok */
int sid_from_string(const char *s, uint8_t *out);           /* returns byte length or -1 */
int sid_is_valid(const void *sid);
size_t sid_len(const void *sid);
int str_ieq(const char *a, const char *b);
void sha256(const uint8_t *data, size_t len, uint8_t out[32]);
char *password_hash(const char *password);               /* malloc'd "sha256$salt$hash" */
int password_verify(const char *stored, const char *password);

/* per-process bookkeeping (callers hold the process mutex) */
enum hkind { H_NONE = 0, H_POLICY, H_TOKEN, H_AUTHZ_RM, H_AUTHZ_CTX };
typedef struct hentry {
    uintptr_t value;
    int kind;
    char computer[NAME_MAX_];
    ACCESS_MASK access;
    int nsids;
    char **sids; /* authz contexts: [0] = user, rest = groups; tokens: [0] = user */
    struct hentry *next;
} hentry;
HANDLE handle_new(int kind);
hentry *handle_get(HANDLE h, int kind);   /* NULL if not open with that kind */
void handle_close(hentry *e);
int handle_count(int kind);

enum akind { A_LSA = 1, A_NET = 2 };
void *tracked_alloc(int kind, size_t size);
int tracked_free(int kind, void *p); /* 0 ok, 1 foreign, 2 double */
int alloc_count(int kind);

void stat_call(const char *fn);
void stat_misuse(const char *what);
void stats_reset(void);
char *stats_json(void);

void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void set_log_path(const char *p);
void set_last_error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void emu_lock(void);
void emu_unlock(void);

/* ---- state.c ---- */
extern cJSON *g_state;
int state_begin(void);       /* lock file + reload; 0 ok, else -1 (message set) */
void state_dirty(void);
void state_end(void);        /* saves when dirty, unlocks */
int state_use(const char *path);
int state_seed(const char *scenario, const char *state);

cJSON *local_computer(void);
cJSON *find_computer(const char *name);     /* case-insensitive */
cJSON *state_domain(void);                  /* NULL in a workgroup */
int computer_in_domain(cJSON *comp);
long fault_check(const char *fn, const char *computer, int *hit);

typedef struct {
    char sid[SIDSTR_MAX];
    char domain[NAME_MAX_];
    char name[NAME_MAX_];
    char domsid[SIDSTR_MAX];
    int use;
    cJSON *acct;    /* account object (user/group/alias) or NULL */
    int isdomain;   /* account lives in the AD domain */
} principal;

enum { R_FOUND = 0, R_NOTFOUND = 1, R_KNOWNDOMAIN = 2, R_DOMAIN_UNREACHABLE = 3 };
int resolve_name(cJSON *comp, const char *name, int isolated_as_local, principal *out);
int resolve_sid(cJSON *comp, const char *sid, principal *out);
int resolve_ref(cJSON *comp, const char *ref, char *sidout); /* scenario member refs */
/* all SIDs the principal belongs to (user first); returns count, array malloc'd */
int expand_groups(cJSON *comp, const char *usersid, const char **extra, int nextra, char ***out);
void free_strv(char **v, int n);

/* ---- netuser.c: seeding hooks for the fields NetUserGetInfo and DsGetDcNameW report (error text or NULL) ---- */
const char *netuser_seed_user(cJSON *dst, cJSON *src);
const char *netuser_seed_domain(cJSON *dst, cJSON *src);
const char *netuser_seed_lockout(cJSON *dst, cJSON *src);

/* ---- index.c: lookups over state arrays (see there for when they are rebuilt) ---- */
cJSON *idx_account_by_name(cJSON *accounts, const char *name); /* case-insensitive; first match */
cJSON *idx_account_by_sid(cJSON *accounts, const char *sid);
int idx_has_string(cJSON *array, const char *s);
int idx_groups(cJSON *accounts, cJSON ***items); /* non-user accounts in order; -1 when no index */
void idx_string_appended(cJSON *array, cJSON *item);
void idx_reset(void);

/* rights */
const char *right_canonical(const char *name); /* NULL when unknown */
int right_count(void);
const char *right_at(int i);
cJSON *computer_rights(cJSON *comp); /* object name -> array of SID strings */

#endif
