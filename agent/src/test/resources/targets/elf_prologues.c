/* Functions with hand-written first instructions, to test where AttachSite puts the probe. */
#define FN(name, body) \
    __asm__(".text\n.globl " #name "\n.type " #name ",@function\n" #name ":\n" body "\n.size " #name ", .-" #name "\n")

FN(p_endbr_push,   "endbr64\n push %rbp\n mov %rsp,%rbp\n pop %rbp\n ret");
FN(p_endbr_sub,    "endbr64\n sub $0x18,%rsp\n add $0x18,%rsp\n ret");
FN(p_nop5_push,    ".byte 0x0f,0x1f,0x44,0x00,0x00\n push %rbx\n pop %rbx\n ret");
FN(p_endbr_nop5_mov, "endbr64\n .byte 0x0f,0x1f,0x44,0x00,0x00\n mov %rdi,%rax\n ret");
FN(p_nop5_nop5,    ".byte 0x0f,0x1f,0x44,0x00,0x00\n .byte 0x0f,0x1f,0x44,0x00,0x00\n .byte 0x0f,0x1f,0x44,0x00,0x00\n ret");
FN(p_nop5_only,    ".byte 0x0f,0x1f,0x44,0x00,0x00");
FN(p_push_r12,     "push %r12\n pop %r12\n ret");
FN(p_mov_sib,      "mov 0x10(%rsp,%rdi,8),%rax\n ret");
FN(p_jmp,          "jmp 1f\n 1: ret");
FN(p_avx,          "vzeroupper\n ret");
FN(p_endbr_only,   "endbr64");

int main(void) { return 0; }
