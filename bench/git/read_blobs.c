/*
 * read_blobs: the cost of reading blobs with libgit2 alone, in a given order.
 * A profiling aid for `vigil git`: it separates what object reading costs
 * (inflate + delta resolution) from what scanning costs, and shows how much
 * the order of reads matters to libgit2's delta-base cache.
 *
 *   cc -O2 -o /tmp/read_blobs bench/git/read_blobs.c -lgit2
 *   ... | /tmp/read_blobs REPO        # one blob id per line on stdin
 *
 * Orders worth comparing (see bench/RESULTS.md):
 *   pack order:         git -C REPO cat-file --batch-all-objects --unordered \
 *                         --batch-check='%(objecttype) %(objectname)' | awk '$1=="blob"{print $2}'
 *   oldest-first order: git -C REPO log --all --reverse --date-order --raw --no-abbrev \
 *                         --format= | awk '{print $4}' | awk '!seen[$0]++' | grep -v '^0*$'
 *   (roughly the order in which vigil's producer emits blobs)
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: read_blobs REPO < blob-ids\n");
    return 2;
  }
  git_libgit2_init();
  /* the same settings as vigil (src/util/git_library.cc): no object cache, no
     re-hashing of every object read; READ_BLOBS_VERIFY=1 turns hashing back on */
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  if (getenv("READ_BLOBS_VERIFY") == NULL) git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  git_repository *repo = NULL;
  git_odb *odb = NULL;
  if (git_repository_open(&repo, argv[1]) != 0 || git_repository_odb(&odb, repo) != 0) {
    fprintf(stderr, "cannot open %s: %s\n", argv[1], git_error_last()->message);
    return 1;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char line[128];
  unsigned long count = 0, bytes = 0, nul_free = 0;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    git_oid oid;
    if (git_oid_fromstr(&oid, line) != 0) continue;
    git_odb_object *object = NULL;
    if (git_odb_read(&object, odb, &oid) != 0) {
      fprintf(stderr, "cannot read %s\n", line);
      return 1;
    }
    size_t size = git_odb_object_size(object);
    /* touch the bytes, as a scanner would */
    if (memchr(git_odb_object_data(object), 0, size) == NULL) nul_free++;
    bytes += size;
    count++;
    git_odb_object_free(object);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%lu blobs (%lu text), %.1f MiB in %.2f s: %.0f MiB/s\n", count, nul_free, bytes / 1048576.0, secs,
         bytes / 1048576.0 / secs);
  git_odb_free(odb);
  git_repository_free(repo);
  git_libgit2_shutdown();
  return 0;
}
