/* A container stand-in: waits on stdin; "fork" forks a child that lives until the parent dies. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(void) {
    char line[64];
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("ready pid=%d\n", getpid());
    while (fgets(line, sizeof line, stdin)) {
        if (strncmp(line, "fork", 4) == 0) {
            pid_t c = fork();
            if (c == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test's process */
                if (getppid() == 1) _exit(0);
                for (;;) pause();
            }
            printf("child=%d\n", c);
        }
    }
    return 0;
}
