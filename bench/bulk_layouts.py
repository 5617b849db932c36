"""Column lists of the published bulk layouts (docs/sources/, ../shared/SOURCES.md), shared by
the benchmark's file generator and the fixture writer. Readers never rely on these orders:
they read by header name."""

from __future__ import annotations

_TAXON = ("Id", "Ids", "Name", "Rank", "PathNames", "PathIds", "PathRankNames")
_RANKS = ("Species", "Subgenus", "Genus", "Family", "Order", "Class", "Phylum", "Kingdom")
_OCCURRENCE = (
    "Id", "OccurrenceId", "InstitutionCode", "CollectionCode", "CatalogNumber",
    "BasisOfRecordId", "BasisOfRecordName", "LifeStageId", "LifeStageName", "BodyPartId",
    "BodyPartName", "PhysiologicalStateId", "PhysiologicalStateName", "SexId", "SexName",
)


def _side(side: str) -> list[str]:
    cols = [f"{side}Taxon{c}" for c in _TAXON]
    cols += [f"{side}Taxon{rank}{x}" for rank in _RANKS for x in ("Name", "Id")]
    cols += [f"{side}{c}" for c in _OCCURRENCE]
    return cols


#: interactions.tsv(.gz) of a current dump: 93 columns.
GLOBI_COLUMNS: list[str] = [
    *_side("source"), "interactionTypeName", "interactionTypeId", *_side("target"),
    "decimalLatitude", "decimalLongitude", "localityId", "localityName", "eventDate",
    "argumentTypeId", "referenceCitation", "referenceDoi", "referenceUrl", "sourceCitation",
    "sourceNamespace", "sourceArchiveURI", "sourceDOI", "sourceLastSeenAtUnixEpoch",
]

#: GBIF occurrence.txt (interpreted): the Darwin Core and GBIF columns in download order.
GBIF_COLUMNS: list[str] = ["gbifID", "accessRights", "bibliographicCitation", "language", "license", "modified", "publisher", "references", "rightsHolder", "type", "institutionID", "collectionID", "datasetID", "institutionCode", "collectionCode", "datasetName", "ownerInstitutionCode", "basisOfRecord", "informationWithheld", "dataGeneralizations", "dynamicProperties", "occurrenceID", "catalogNumber", "recordNumber", "recordedBy", "recordedByID", "individualCount", "organismQuantity", "organismQuantityType", "sex", "lifeStage", "reproductiveCondition", "caste", "behavior", "vitality", "establishmentMeans", "degreeOfEstablishment", "pathway", "georeferenceVerificationStatus", "occurrenceStatus", "preparations", "disposition", "associatedOccurrences", "associatedReferences", "associatedSequences", "associatedTaxa", "otherCatalogNumbers", "occurrenceRemarks", "organismID", "organismName", "organismScope", "associatedOrganisms", "previousIdentifications", "organismRemarks", "materialEntityID", "materialEntityRemarks", "verbatimLabel", "materialSampleID", "eventID", "parentEventID", "eventType", "fieldNumber", "eventDate", "eventTime", "startDayOfYear", "endDayOfYear", "year", "month", "day", "verbatimEventDate", "habitat", "samplingProtocol", "sampleSizeValue", "sampleSizeUnit", "samplingEffort", "fieldNotes", "eventRemarks", "locationID", "higherGeographyID", "higherGeography", "continent", "waterBody", "islandGroup", "island", "countryCode", "stateProvince", "county", "municipality", "locality", "verbatimLocality", "verbatimElevation", "verticalDatum", "verbatimDepth", "minimumDistanceAboveSurfaceInMeters", "maximumDistanceAboveSurfaceInMeters", "locationAccordingTo", "locationRemarks", "decimalLatitude", "decimalLongitude", "coordinateUncertaintyInMeters", "coordinatePrecision", "pointRadiusSpatialFit", "verbatimCoordinateSystem", "verbatimSRS", "footprintWKT", "footprintSRS", "footprintSpatialFit", "georeferencedBy", "georeferencedDate", "georeferenceProtocol", "georeferenceSources", "georeferenceRemarks", "geologicalContextID", "earliestEonOrLowestEonothem", "latestEonOrHighestEonothem", "earliestEraOrLowestErathem", "latestEraOrHighestErathem", "earliestPeriodOrLowestSystem", "latestPeriodOrHighestSystem", "earliestEpochOrLowestSeries", "latestEpochOrHighestSeries", "earliestAgeOrLowestStage", "latestAgeOrHighestStage", "lowestBiostratigraphicZone", "highestBiostratigraphicZone", "lithostratigraphicTerms", "group", "formation", "member", "bed", "identificationID", "verbatimIdentification", "identificationQualifier", "typeStatus", "identifiedBy", "identifiedByID", "dateIdentified", "identificationReferences", "identificationVerificationStatus", "identificationRemarks", "taxonID", "scientificNameID", "acceptedNameUsageID", "parentNameUsageID", "originalNameUsageID", "nameAccordingToID", "namePublishedInID", "taxonConceptID", "scientificName", "acceptedNameUsage", "parentNameUsage", "originalNameUsage", "nameAccordingTo", "namePublishedIn", "namePublishedInYear", "higherClassification", "kingdom", "phylum", "class", "order", "superfamily", "family", "subfamily", "tribe", "subtribe", "genus", "genericName", "subgenus", "infragenericEpithet", "specificEpithet", "infraspecificEpithet", "cultivarEpithet", "taxonRank", "verbatimTaxonRank", "vernacularName", "nomenclaturalCode", "taxonomicStatus", "nomenclaturalStatus", "taxonRemarks", "datasetKey", "publishingCountry", "lastInterpreted", "elevation", "elevationAccuracy", "depth", "depthAccuracy", "distanceFromCentroidInMeters", "issue", "mediaType", "hasCoordinate", "hasGeospatialIssues", "taxonKey", "acceptedTaxonKey", "kingdomKey", "phylumKey", "classKey", "orderKey", "familyKey", "genusKey", "subgenusKey", "speciesKey", "species", "acceptedScientificName", "verbatimScientificName", "typifiedName", "protocol", "lastParsed", "lastCrawled", "repatriated", "relativeOrganismQuantity", "projectId", "isSequenced", "gbifRegion", "publishedByGbifRegion", "level0Gid", "level0Name", "level1Gid", "level1Name", "level2Gid", "level2Name", "level3Gid", "level3Name", "iucnRedListCategory"]

#: WDPA attribute table, schema used until October 2025.
WDPA_2024_COLUMNS: list[str] = ["WDPAID", "WDPA_PID", "PA_DEF", "NAME", "ORIG_NAME", "DESIG", "DESIG_ENG", "DESIG_TYPE", "IUCN_CAT", "INT_CRIT", "MARINE", "REP_M_AREA", "REP_AREA", "GIS_M_AREA", "GIS_AREA", "NO_TAKE", "NO_TK_AREA", "STATUS", "STATUS_YR", "GOV_TYPE", "OWN_TYPE", "MANG_AUTH", "MANG_PLAN", "VERIF", "METADATAID", "SUB_LOC", "PARENT_ISO3", "ISO3"]

#: WDPA attribute table, schema since November 2025.
WDPA_2025_COLUMNS: list[str] = ["SITE_ID", "SITE_PID", "SITE_TYPE", "NAME_ENG", "NAME", "DESIG", "DESIG_ENG", "DESIG_TYPE", "IUCN_CAT", "INT_CRIT", "REALM", "REP_M_AREA", "REP_AREA", "NO_TAKE", "NO_TK_AREA", "STATUS", "STATUS_YR", "GOV_TYPE", "GOVSUBTYPE", "OWN_TYPE", "OWNSUBTYPE", "MANG_AUTH", "MANG_PLAN", "VERIF", "METADATAID", "PRNT_ISO3", "ISO3", "SUPP_INFO", "CONS_OBJ", "INLND_WTRS", "OECM_ASMT"]

#: Species+ / CITES checklist CSV export.
CITES_COLUMNS: list[str] = [
    "Id", "Kingdom", "Phylum", "Class", "Order", "Family", "Genus", "Species", "Subspecies",
    "Scientific Name", "Author", "Rank", "Listing", "Party", "Listed under", "Full note",
    "# Full note", "All_DistributionFullNames", "All_DistributionISOCodes",
    "NativeDistributionFullNames", "Introduced_Distribution", "Reintroduced_Distribution",
    "Extinct_Distribution", "Distribution_Uncertain",
]
