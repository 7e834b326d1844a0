package io.cairn.metadata.governance;

/** What an owner is answerable for (the three roles DataHub and OpenMetadata users expect). */
public enum OwnershipType {
    TECHNICAL_OWNER,
    BUSINESS_OWNER,
    DATA_STEWARD
}
