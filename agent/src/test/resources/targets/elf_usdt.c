/* USDT target: req_start has two sites, both probes have semaphores. Semaphores are declared the way sdt.h
 * expects with _SDT_HAS_SEMAPHORES: an unsigned short named provider_name_semaphore in section .probes. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <stdio.h>

__attribute__((section(".probes"))) volatile unsigned short tj_demo_req_start_semaphore;
__attribute__((section(".probes"))) volatile unsigned short tj_demo_req_done_semaphore;

__attribute__((noinline)) long handle(int id, long size) {
    if (tj_demo_req_start_semaphore) STAP_PROBE2(tj_demo, req_start, id, size);
    long r = size * 2 + id;
    STAP_PROBE1(tj_demo, req_done, r);
    return r;
}

__attribute__((noinline)) long retry(int id) {
    if (tj_demo_req_start_semaphore) STAP_PROBE2(tj_demo, req_start, id, 0L);
    return id;
}

int main(int argc, char **argv) {
    (void) argv;
    printf("%ld\n", handle(argc, 40) + retry(argc));
    return 0;
}
