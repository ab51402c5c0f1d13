# The listing of io.tracejob.agent.safety.ProbeElf's machine code. ProbeElfTest assembles it with GNU as and
# asserts the bytes are the ones ProbeElf writes, so the two cannot drift apart. Offsets in ProbeElf's comments
# are from the start of this code.
.intel_syntax noprefix
.text
_start:
    # prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0): lets a process without CAP_SYS_ADMIN install a filter
    mov eax, 157
    mov edi, 38
    mov esi, 1
    xor edx, edx
    xor r10d, r10d
    xor r8d, r8d
    syscall
    mov edi, 10
    test rax, rax
    jnz fail
    # seccomp(SECCOMP_SET_MODE_FILTER, 0, &fprog), fprog = {len 9, filter} built on the stack
    lea rax, [rip + filter]
    push rax
    push 9
    mov rdx, rsp
    mov eax, 317
    mov edi, 1
    xor esi, esi
    syscall
    mov edi, 11
    test rax, rax
    jnz fail
    # write(1, "R", 1): ready, the filter is in place
    mov byte ptr [rsp], 82
    mov eax, 1
    mov edi, 1
    mov rsi, rsp
    mov edx, 1
    syscall
    mov edi, 12
    cmp rax, 1
    jne fail
    # read(0, rsp, 1): wait for the go byte (the agent attaches its probes first)
    xor eax, eax
    xor edi, edi
    mov rsi, rsp
    mov edx, 1
    syscall
    mov edi, 13
    cmp rax, 1
    jne fail
    # 1000 calls of probed(n), each result checked
    mov ebx, 1000
again:
    mov edi, ebx
    call probed
    lea ecx, [rbx + 1]
    mov edi, 14
    cmp eax, ecx
    jne fail
    dec ebx
    jnz again
    xor edi, edi
fail:
    # exit_group(edi)
    mov eax, 231
    syscall
    hlt
probed:
    push rbp
    mov rbp, rsp
    lea eax, [rdi + 1]
    pop rbp
    ret
    # the 9-instruction seccomp filter follows, 8-aligned (ProbeElf builds it from named constants)
    .p2align 3, 0
filter:
