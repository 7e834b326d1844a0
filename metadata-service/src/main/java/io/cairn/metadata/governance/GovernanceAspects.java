package io.cairn.metadata.governance;

import io.cairn.metadata.aspect.AspectSet;
import io.cairn.metadata.aspect.AspectSpec;
import io.cairn.metadata.urn.EntityType;
import java.util.EnumSet;
import java.util.List;

/** The governance aspects (issue 6). They are written through {@link GovernanceStore}, which checks references. */
public final class GovernanceAspects {

    private static final EnumSet<EntityType> OWNABLE = EnumSet.of(EntityType.DATASET, EntityType.JOB, EntityType.NAMESPACE,
            EntityType.GLOSSARY_TERM, EntityType.DOMAIN);
    private static final EnumSet<EntityType> LABELLED = EnumSet.of(EntityType.DATASET, EntityType.COLUMN, EntityType.JOB);

    public static final AspectSpec<Ownership> OWNERSHIP = new AspectSpec<>("ownership", Ownership.class, OWNABLE);
    public static final AspectSpec<Tags> TAGS = new AspectSpec<>("tags", Tags.class, LABELLED);
    public static final AspectSpec<GlossaryTerms> GLOSSARY_TERMS = new AspectSpec<>("glossaryTerms", GlossaryTerms.class, LABELLED);
    public static final AspectSpec<DomainAssignment> DOMAIN = new AspectSpec<>("domain", DomainAssignment.class,
            EnumSet.of(EntityType.DATASET, EntityType.JOB, EntityType.GLOSSARY_TERM));
    public static final AspectSpec<Deprecation> DEPRECATION = new AspectSpec<>("deprecation", Deprecation.class,
            EnumSet.of(EntityType.DATASET, EntityType.COLUMN, EntityType.JOB, EntityType.GLOSSARY_TERM));
    public static final AspectSpec<GlossaryTermInfo> GLOSSARY_TERM_INFO = new AspectSpec<>("glossaryTermInfo", GlossaryTermInfo.class,
            EnumSet.of(EntityType.GLOSSARY_TERM));
    public static final AspectSpec<DomainInfo> DOMAIN_INFO = new AspectSpec<>("domainInfo", DomainInfo.class, EnumSet.of(EntityType.DOMAIN));
    public static final AspectSpec<QualityAssertions> QUALITY_ASSERTIONS = new AspectSpec<>("qualityAssertions", QualityAssertions.class,
            EnumSet.of(EntityType.DATASET));
    public static final AspectSpec<QualityMetrics> QUALITY_METRICS = new AspectSpec<>("qualityMetrics", QualityMetrics.class,
            EnumSet.of(EntityType.DATASET));
    public static final AspectSpec<QualityRun> QUALITY_RESULTS = new AspectSpec<>("qualityResults", QualityRun.class, EnumSet.of(EntityType.DATASET));
    public static final AspectSpec<PrincipalInfo> PRINCIPAL_INFO = new AspectSpec<>("principalInfo", PrincipalInfo.class,
            EnumSet.of(EntityType.PRINCIPAL));

    private GovernanceAspects() {
    }

    /**
     * For the registry: readable through the entity API, but written only through {@link GovernanceStore} (which checks
     * references and hierarchies) or the quality ledger.
     */
    public static AspectSet aspectSet() {
        return new AspectSet("governance", all().stream().<AspectSpec<?>>map(AspectSpec::ownWritesOnly).toList());
    }

    public static List<AspectSpec<?>> all() {
        return List.of(OWNERSHIP, TAGS, GLOSSARY_TERMS, DOMAIN, DEPRECATION, GLOSSARY_TERM_INFO, DOMAIN_INFO, QUALITY_ASSERTIONS,
                QUALITY_RESULTS, QUALITY_METRICS, PRINCIPAL_INFO);
    }
}
