package io.tracejob.agent.elf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A 64-bit little-endian ELF object (x86_64 or aarch64) read with positional reads: only the
 * headers are read at open, section contents on demand, so a large library never sits whole in the
 * heap. The file descriptor is held until {@link #close()}.
 */
public final class ElfFile implements AutoCloseable {
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int SHT_SYMTAB = 2;
    static final int SHT_DYNSYM = 11;
    static final int SHT_GNU_VERSYM = 0x6fffffff;
    static final int VERSYM_HIDDEN = 0x8000;
    static final int STT_FUNC = 2;
    static final int STT_GNU_IFUNC = 10;
    static final int STB_LOCAL = 0;
    static final int SHN_UNDEF = 0;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final int type;
    private final int machine;
    private final List<ElfSegment> segments;
    private final List<ElfSection> sections;
    private List<ElfSymbol> functionSymbols;

    private ElfFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileSize = channel.size();
        ByteBuffer ident = read(0, (int) Math.min(64, fileSize));
        if (ident.limit() < 16 || ident.getInt(0) != 0x464c457f) {
            throw new ElfException(path + ": not an ELF file (no \\x7fELF magic)");
        }
        if (ident.get(4) == 1)
            throw new ElfException(
                    path + ": 32-bit ELF is not supported (only 64-bit x86_64 and aarch64)");
        if (ident.get(4) != 2) throw new ElfException(path + ": unknown ELF class " + ident.get(4));
        if (ident.get(5) == 2)
            throw new ElfException(
                    path
                            + ": big-endian ELF is not supported (only little-endian x86_64 and aarch64)");
        if (ident.get(5) != 1)
            throw new ElfException(path + ": unknown ELF data encoding " + ident.get(5));
        if (ident.limit() < 64) throw new ElfException(path + ": truncated ELF header");
        ByteBuffer h = ident;
        this.type = Short.toUnsignedInt(h.getShort(16));
        this.machine = Short.toUnsignedInt(h.getShort(18));
        if (machine != EM_X86_64 && machine != EM_AARCH64) {
            throw new ElfException(
                    path
                            + ": unsupported machine "
                            + machine
                            + " (e_machine); only x86_64 (62) and aarch64 (183) are supported");
        }
        long phoff = h.getLong(32);
        long shoff = h.getLong(40);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Short.toUnsignedInt(h.getShort(56));
        int shentsize = Short.toUnsignedInt(h.getShort(58));
        int shnum = Short.toUnsignedInt(h.getShort(60));
        int shstrndx = Short.toUnsignedInt(h.getShort(62));

        // Extended numbering: huge objects keep the real counts in section header 0.
        if (shoff != 0 && (shnum == 0 || shstrndx == 0xffff || phnum == 0xffff)) {
            ByteBuffer sh0 = read(shoff, 64);
            if (shnum == 0) shnum = (int) sh0.getLong(32);
            if (shstrndx == 0xffff) shstrndx = sh0.getInt(40);
            if (phnum == 0xffff) phnum = sh0.getInt(44);
        }
        this.segments = readSegments(phoff, phentsize, phnum);
        this.sections = readSections(shoff, shentsize, shnum, shstrndx);
    }

    /** Opens and validates an ELF file; the caller closes it. */
    public static ElfFile open(Path path) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ElfException(path + ": no such file");
        }
        try {
            return new ElfFile(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * ET_DYN: position-independent executable or shared object, addresses are relative to the load
     * base.
     */
    public boolean isPie() {
        return type == ET_DYN;
    }

    public int machine() {
        return machine;
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) if (s.name().equals(name)) return Optional.of(s);
        return Optional.empty();
    }

    public boolean hasSymtab() {
        return sections.stream().anyMatch(s -> s.type() == SHT_SYMTAB);
    }

    /**
     * Go binaries carry build info / pc-line tables; their functions need Go-specific handling (no
     * uretprobes).
     */
    public boolean isGoBinary() {
        return section(".go.buildinfo").isPresent() || section(".gopclntab").isPresent();
    }

    /** File offset of a link-time virtual address, through the PT_LOAD segment that holds it. */
    public long fileOffsetOfVaddr(long vaddr) throws ElfException {
        for (ElfSegment s : segments) {
            if (s.holdsFileBytesAt(vaddr)) return vaddr - s.vaddr() + s.offset();
        }
        for (ElfSegment s : segments) {
            if (s.holdsMemoryAt(vaddr)) {
                throw new ElfException(
                        path
                                + ": address 0x"
                                + Long.toHexString(vaddr)
                                + " lies in zero-filled memory (.bss) of a PT_LOAD segment, not in the file");
            }
        }
        throw new ElfException(
                path + ": no PT_LOAD segment contains address 0x" + Long.toHexString(vaddr));
    }

    /** Bytes at a virtual address as the file stores them (the whole range must be file-backed). */
    public byte[] readVaddr(long vaddr, int length) throws IOException {
        long off = fileOffsetOfVaddr(vaddr);
        if (length > 0) fileOffsetOfVaddr(vaddr + length - 1);
        byte[] out = new byte[length];
        read(off, length).get(out);
        return out;
    }

    /** Contents of a section that has file bytes. */
    public ByteBuffer sectionBytes(ElfSection s) throws IOException {
        if (!s.hasFileBytes()) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        if (s.size() > Integer.MAX_VALUE)
            throw new ElfException(
                    path + ": section " + s.name() + " is too large (" + s.size() + " bytes)");
        return read(s.offset(), (int) s.size());
    }

    /**
     * Defined functions (STT_FUNC and STT_GNU_IFUNC) of {@code .symtab} and {@code .dynsym}; a
     * symbol present in both (same name and address) appears once, as its {@code .symtab} entry.
     */
    public synchronized List<ElfSymbol> functionSymbols() throws IOException {
        if (functionSymbols == null) {
            List<ElfSymbol> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int wanted : new int[] {SHT_SYMTAB, SHT_DYNSYM}) {
                for (ElfSection s : sections) {
                    if (s.type() == wanted) readFunctions(s, wanted == SHT_DYNSYM, out, seen);
                }
            }
            functionSymbols = Collections.unmodifiableList(out);
        }
        return functionSymbols;
    }

    private void readFunctions(
            ElfSection symtab, boolean dyn, List<ElfSymbol> out, Set<String> seen)
            throws IOException {
        if (symtab.link() <= 0 || symtab.link() >= sections.size()) return;
        ByteBuffer syms = sectionBytes(symtab);
        ByteBuffer strs = sectionBytes(sections.get(symtab.link()));
        // .gnu.version runs parallel to .dynsym: one u16 per symbol, bit 15 marks a non-default
        // version.
        ByteBuffer versym = null;
        if (dyn) {
            for (ElfSection s : sections) {
                if (s.type() == SHT_GNU_VERSYM && s.link() == sections.indexOf(symtab))
                    versym = sectionBytes(s);
            }
        }
        int entsize = symtab.entsize() >= 24 ? (int) symtab.entsize() : 24;
        for (int p = entsize; p + 24 <= syms.limit(); p += entsize) { // entry 0 is the null symbol
            int info = Byte.toUnsignedInt(syms.get(p + 4));
            int stType = info & 0xf;
            int shndx = Short.toUnsignedInt(syms.getShort(p + 6));
            if ((stType != STT_FUNC && stType != STT_GNU_IFUNC) || shndx == SHN_UNDEF) continue;
            String name = cString(strs, syms.getInt(p));
            if (name.isEmpty()) continue;
            long value = syms.getLong(p + 8);
            // .dynsym names carry no version suffix while .symtab ones may; compare base names.
            String base = name.indexOf('@') > 0 ? name.substring(0, name.indexOf('@')) : name;
            if (!seen.add(base + "\0" + value) && dyn) continue;
            int index = p / entsize;
            boolean defaultVersion =
                    dyn
                            ? versym == null
                                    || 2 * index + 2 > versym.limit()
                                    || (versym.getShort(2 * index) & VERSYM_HIDDEN) == 0
                            : !name.contains("@") || name.contains("@@");
            out.add(
                    new ElfSymbol(
                            name,
                            value,
                            syms.getLong(p + 16),
                            (info >> 4) == STB_LOCAL,
                            stType == STT_GNU_IFUNC,
                            dyn,
                            defaultVersion));
        }
    }

    private List<ElfSegment> readSegments(long phoff, int phentsize, int phnum) throws IOException {
        List<ElfSegment> out = new ArrayList<>();
        if (phoff == 0 || phnum == 0) return out;
        if (phentsize < 56) throw new ElfException(path + ": bad program header size " + phentsize);
        ByteBuffer b = read(phoff, phentsize * phnum);
        for (int i = 0; i < phnum; i++) {
            int p = i * phentsize;
            out.add(
                    new ElfSegment(
                            b.getInt(p),
                            b.getInt(p + 4),
                            b.getLong(p + 8),
                            b.getLong(p + 16),
                            b.getLong(p + 32),
                            b.getLong(p + 40)));
        }
        return Collections.unmodifiableList(out);
    }

    private List<ElfSection> readSections(long shoff, int shentsize, int shnum, int shstrndx)
            throws IOException {
        List<ElfSection> out = new ArrayList<>();
        if (shoff == 0 || shnum == 0) return out;
        if (shentsize < 64) throw new ElfException(path + ": bad section header size " + shentsize);
        ByteBuffer b = read(shoff, shentsize * shnum);
        ByteBuffer names = null;
        if (shstrndx > 0 && shstrndx < shnum) {
            int p = shstrndx * shentsize;
            names = read(b.getLong(p + 24), (int) b.getLong(p + 32));
        }
        for (int i = 0; i < shnum; i++) {
            int p = i * shentsize;
            String name = names == null ? "" : cString(names, b.getInt(p));
            out.add(
                    new ElfSection(
                            name,
                            b.getInt(p + 4),
                            b.getLong(p + 8),
                            b.getLong(p + 16),
                            b.getLong(p + 24),
                            b.getLong(p + 32),
                            b.getInt(p + 40),
                            b.getInt(p + 44),
                            b.getLong(p + 56)));
        }
        return Collections.unmodifiableList(out);
    }

    static String cString(ByteBuffer b, int offset) {
        if (offset < 0 || offset >= b.limit()) return "";
        int end = offset;
        while (end < b.limit() && b.get(end) != 0) end++;
        byte[] bytes = new byte[end - offset];
        b.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > fileSize) {
            throw new ElfException(
                    path
                            + ": truncated or corrupt ELF (read of "
                            + length
                            + " bytes at offset "
                            + offset
                            + " beyond file size "
                            + fileSize
                            + ")");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) throw new EOFException(path + ": unexpected end of file at " + pos);
            pos += n;
        }
        return b.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
