package io.tracejob.api.v1alpha1.testsupport;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates Kubernetes-style CEL validation rules ({@code self}, {@code oldSelf}) with
 * cel-java, with the standard macros and the strings extension (both in Kubernetes' CEL
 * environment).
 */
public final class CelEvaluator {
    private CelEvaluator() {}

    private static final Cel CEL =
            CelFactory.standardCelBuilder()
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    // Kubernetes' strings library (split, upperAscii, ...), as the API server has
                    .addCompilerLibraries(CelExtensions.strings())
                    .addRuntimeLibraries(CelExtensions.strings())
                    .addVar("self", SimpleType.DYN)
                    .addVar("oldSelf", SimpleType.DYN)
                    .build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    /** Type-checks a rule; throws with cel-java's message when it does not compile. */
    public static CelRuntime.Program compile(String rule) {
        return PROGRAMS.computeIfAbsent(
                rule,
                r -> {
                    try {
                        CelAbstractSyntaxTree ast = CEL.compile(r).getAst();
                        return CEL.createProgram(ast);
                    } catch (CelValidationException | CelEvaluationException e) {
                        throw new IllegalArgumentException(
                                "CEL rule does not compile: " + r + ": " + e.getMessage(), e);
                    }
                });
    }

    /** True when the rule holds; {@code oldSelf} may be null (then the rule must not use it). */
    public static boolean holds(String rule, Object self, Object oldSelf) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", self);
        if (oldSelf != null) vars.put("oldSelf", oldSelf);
        try {
            Object result = compile(rule).eval(vars);
            if (!(result instanceof Boolean b))
                throw new IllegalStateException(rule + " returned " + result);
            return b;
        } catch (CelEvaluationException e) {
            throw new IllegalStateException(
                    "CEL rule failed to evaluate: " + rule + ": " + e.getMessage(), e);
        }
    }
}
