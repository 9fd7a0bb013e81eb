/* Lookup indexes over arrays of the state (accounts by name or SID, strings in member lists, the groups among the
 * accounts), so scenarios with 100,000 accounts do not make every call scan them.
 *
 * An index belongs to one cJSON array and remembers its first and last item (cJSON keeps the last item in
 * child->prev); when either changed (an append) the index is rebuilt on the next use. The emulator never
 * removes or renames accounts or members, and every reload or re-seed of the state calls idx_reset, so an index
 * is never used with a stale array. Callers hold the process mutex. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "winemu.h"

enum { M_NAME = 1, M_SID, M_STRING, M_GROUPS };

typedef struct {
    uint64_t hash;
    const char *key; /* points into the cJSON array; valid while the index is */
    cJSON *item;
} slot;

typedef struct idx {
    cJSON *array, *first, *last;
    int mode;
    size_t cap, count; /* hash table (power of two) */
    slot *slots;
    cJSON **items; /* M_GROUPS: the non-user accounts in array order */
    int nitems;
    struct idx *next;
} idx;

static idx *g_indexes;

static uint64_t hash_str(const char *s, int fold)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)(fold ? tolower((unsigned char)*s) : *s);
        h *= 1099511628211ull;
    }
    return h;
}

static const char *key_of(cJSON *item, int mode)
{
    cJSON *v;
    if (mode == M_STRING)
        return cJSON_IsString(item) ? item->valuestring : NULL;
    v = cJSON_GetObjectItemCaseSensitive(item, mode == M_NAME ? "name" : "sid");
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int key_eq(const char *a, const char *b, int mode)
{
    return mode == M_NAME ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* Inserts unless an equal key is present, so lookups return the first match like a linear scan. */
static void table_put(idx *x, const char *key, cJSON *item)
{
    uint64_t h = hash_str(key, x->mode == M_NAME);
    size_t i = (size_t)h & (x->cap - 1);
    while (x->slots[i].key) {
        if (x->slots[i].hash == h && key_eq(x->slots[i].key, key, x->mode))
            return;
        i = (i + 1) & (x->cap - 1);
    }
    x->slots[i].hash = h;
    x->slots[i].key = key;
    x->slots[i].item = item;
    x->count++;
}

static void idx_free_one(idx *x)
{
    free(x->slots);
    free(x->items);
    free(x);
}

static int build(idx *x)
{
    cJSON *it;
    size_t n = 0;
    free(x->slots);
    free(x->items);
    x->slots = NULL;
    x->items = NULL;
    x->count = 0;
    x->nitems = 0;
    cJSON_ArrayForEach(it, x->array)
        n++;
    if (x->mode == M_GROUPS) {
        x->items = malloc(sizeof(cJSON *) * (n ? n : 1));
        if (!x->items)
            return -1;
        cJSON_ArrayForEach(it, x->array)
        {
            cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "type");
            if (cJSON_IsString(t) && strcmp(t->valuestring, "user") != 0)
                x->items[x->nitems++] = it;
        }
        return 0;
    }
    x->cap = 16;
    while (x->cap < 4 * n + 4) /* room for appends noted by idx_string_appended */
        x->cap *= 2;
    x->slots = calloc(x->cap, sizeof(slot));
    if (!x->slots)
        return -1;
    cJSON_ArrayForEach(it, x->array)
    {
        const char *k = key_of(it, x->mode);
        if (k)
            table_put(x, k, it);
    }
    return 0;
}

static idx *get(cJSON *array, int mode)
{
    idx *x;
    cJSON *first, *last;
    if (!cJSON_IsArray(array))
        return NULL;
    first = array->child;
    last = first ? first->prev : NULL;
    for (x = g_indexes; x; x = x->next)
        if (x->array == array && x->mode == mode)
            break;
    if (!x) {
        x = calloc(1, sizeof *x);
        if (!x)
            return NULL;
        x->array = array;
        x->mode = mode;
        x->next = g_indexes;
        g_indexes = x;
    } else if (x->first == first && x->last == last) {
        return x;
    }
    x->first = first;
    x->last = last;
    if (build(x) != 0) {
        x->first = x->last = (cJSON *)1; /* force a rebuild next time */
        return NULL;
    }
    return x;
}

static cJSON *lookup(cJSON *array, int mode, const char *key)
{
    idx *x;
    cJSON *it;
    if (!key)
        return NULL;
    x = get(array, mode);
    if (!x) { /* out of memory or not an array: scan */
        cJSON_ArrayForEach(it, array)
        {
            const char *k = key_of(it, mode);
            if (k && key_eq(k, key, mode))
                return it;
        }
        return NULL;
    }
    uint64_t h = hash_str(key, mode == M_NAME);
    for (size_t i = (size_t)h & (x->cap - 1); x->slots[i].key; i = (i + 1) & (x->cap - 1))
        if (x->slots[i].hash == h && key_eq(x->slots[i].key, key, mode))
            return x->slots[i].item;
    return NULL;
}

cJSON *idx_account_by_name(cJSON *accounts, const char *name) { return lookup(accounts, M_NAME, name); }

cJSON *idx_account_by_sid(cJSON *accounts, const char *sid) { return lookup(accounts, M_SID, sid); }

int idx_has_string(cJSON *array, const char *s) { return lookup(array, M_STRING, s) != NULL; }

int idx_groups(cJSON *accounts, cJSON ***items)
{
    idx *x = get(accounts, M_GROUPS);
    *items = x ? x->items : NULL;
    return x ? x->nitems : -1;
}

/* Keeps an existing string index current when the caller appended `item` to `array` (seeding builds member
 * lists this way, checking each new member for a duplicate). */
void idx_string_appended(cJSON *array, cJSON *item)
{
    idx *x;
    for (x = g_indexes; x; x = x->next)
        if (x->array == array && x->mode == M_STRING)
            break;
    if (!x)
        return;
    cJSON *old_last = item == array->child ? NULL : item->prev;
    cJSON *old_first = item == array->child ? NULL : array->child;
    if (x->first != old_first || x->last != old_last || 2 * (x->count + 1) > x->cap || !cJSON_IsString(item)) {
        x->first = x->last = (cJSON *)1; /* rebuild on next use */
        return;
    }
    table_put(x, item->valuestring, item);
    x->first = array->child;
    x->last = item;
}

void idx_reset(void)
{
    while (g_indexes) {
        idx *x = g_indexes;
        g_indexes = x->next;
        idx_free_one(x);
    }
}
