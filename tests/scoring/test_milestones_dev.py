"""Milestone extraction against our own annotations of OGP dev commitments.

Samples of ../shared/data/ogp-commitments-dev.csv, every 13th row from a first row: row 0
(looked at while the rules were written), row 6 (annotated after the rules were fixed,
then used to improve them), rows 3, 9 and 12 (each annotated after the rules were
changed, measured once, then used too). For each commitment we wrote down the milestones a reader finds in the
text: explicit milestone/activity lists, table rows and roadmap bullets; not lists of
aims, indicators, outcomes or background. Each milestone is given by the start of its
description (alternatives where the text lists it twice). The tests skip when the dev
file is absent."""

from __future__ import annotations

import re

import pytest

from irm.scoring.milestones import extract_milestones

#: Commitment Unique Identifier -> milestones, each a tuple of acceptable description starts.
ANNOTATIONS: dict[str, list[tuple[str, ...]]] = {
    "AL0050": [],
    "CR0067": [("elaboración de un protocolo",), ("convocatoria para la cocreación",),
               ("conformación e inauguración",), ("elaboración de metodología",),
               ("trabajo en comisiones",), ("realización de la segunda",),
               ("logística e implementación",), ("consulta en línea",),
               ("presentación pública del informe",)],
    "DE0031": [("draft concept",), ("start of pilot project",)],
    "ID0107": [],
    "KG0021": [("conduct a detailed analysis",), ("selection and identification",),
               ("discussion of mechanisms",), ("draft a set of legal",),
               ("development of the methodology",), ("discussion of the developed",),
               ("collection of necessary information",), ("drafting the text of the report",),
               ("the jogorku kenesh of the kyrgyz republic uses",)],
    "ME0071": [("implement a new cycle of training",), ("improve the platform",),
               ("improve the accessibility of information",)],
    "MO0051": [("creation of a communication space",), ("the house of representatives organizes",),
               ("creation of a space allowing",), ("publication of government and parliamentary",),
               ("collection of citizens",), ("organization of territorial meetings",)],
    "MK0171": [("financial and administrative implementation",),
               ("provision of administrative capacity",)],
    "PY0068": [("código de ética para los senadores",)],
    "RS0041": [("drafting and enactment of a",), ("drafting of secondary legislation",)],
    "AR0013": [],
    "AU0029": [("stage 1 reforms",), ("public consultation",), ("develop stage 2 reforms",),
               ("reform implementation",)],
    "CA0042": [("making government data",), ("eliminating all fees",),
               ("providing requestors",), ("giving government institutions",),
               ("giving the information commissioner",), ("ensuring that the access",),
               ("undertaking a mandatory",), ("strengthening performance reporting",)],
    "CI0031": [("transmit the proposed texts", "transmission of proposals"),
               ("have the draft texts examined by the tripartite",
                "examination of draft texts by the tripartite"),
               ("have the draft texts examined by the independent",
                "examination of the draft texts by the permanent"),
               ("consolidate and validate", "consolidation and validation"),
               ("transmit the draft texts to the general", "transmission of draft texts to the"),
               ("have the draft texts adopted", "adoption of draft legislative")],
    "FR0015": [("continue the open-data provision",), ("continue the collaborative process",),
               ("on the digital bill",)],
    "GH0006": [("political leadership and administrative",), ("organize a forum",),
               ("hold meeting with attorney",)],
    "GR0017": [],
    "IE0013": [],
    "KAD0004": [("bill on freedom of information to be reviewed",),
                ("undertake advocacy visit",), ("bill passed into law",),
                ("conduct at least one advocacy",), ("identify and train relevant officers",)],
    "LR0040": [("the passage of whistleblower", "ensure the passage of the whistleblower"),
               ("establish a fast-track", "establishment of a fast-track"),
               ("integration of integrity", "introduction of integrity"),
               ("establishment of a national integrity", "monitor institutions with high-risk")],
    "MN0060": [("the regulations for the approval",), ("finalize and submit amendments",),
               ("inclusion of regulations related",), ("improve ethical issues",),
               ("implementation of recommendations",), ("monitor and evaluate implementation",),
               ("incorporate regulations prohibiting",)],
    "MK0125": [("established consultation mechanism",)],
    "PNG0016": [("certificate of necessary",), ("nec policy submission",),
                ("certificate of compliance",), ("enactment of the bill",), ("awareness",),
                ("demand letter sent",), ("publications of reports",), ("investigations",),
                ("imposition of penalties",)],
    "KR0060": [("operate 1,000 digital",), ("establish integrated platforms",),
               ("newly install wi-fi",), ("install high-speed internet",),
               ("promote the enactment",)],
    "RS0047": [("adoption of the law on amendments",), ("development of an electronic seal",),
               ("implementation of the electronic seal",), ("connecting the egovernment",)],
    "SK0052": [],
    "COT0001": [("roll-out of",), ("conduct of workshop",), ("development and operationalization",),
                ("conduct of consultation and updating",), ("enactment/passage of provincial",),
                ("conduct multi-stakeholder fora",)],
    "LK0009": [("one or two meetings",), ("drafting amendments to the ffpo",),
               ("amendments to ffpo and nwpes",), ("enforcement of the amendments",),
               ("dwlc and the nwpea to facilitate",), ("approx. 03 workshops",),
               ("(a) approx. 04 programmes", "approx. 04 programmes")],
    "UA0005": [],
    "UA0046": [],
    "UA0096": [("amending legal and normative acts",), ("conducting an analysis of the needs",)],
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip(" \"'“”‘’-–•:.")


def match(extracted: list[str], annotated: list[tuple[str, ...]]) -> int:
    """Pairs of extracted and annotated milestones whose descriptions agree (each used once)."""
    used: set[int] = set()
    hits = 0
    for description in map(_norm, extracted):
        for k, alternatives in enumerate(annotated):
            if k not in used and any(description.startswith(a) or
                                     (len(a) > 12 and a in description[:160])
                                     for a in alternatives):
                used.add(k)
                hits += 1
                break
    return hits


def measure(table, annotations: dict[str, list[tuple[str, ...]]]) -> tuple[int, int, int]:
    """Matched, extracted and annotated milestone counts over an annotated sample."""
    rows = {str(cid): i for i, cid in enumerate(table.ids)}
    texts = table.column("Full Text")
    extracted_total = annotated_total = matched = 0
    for cid, annotated in annotations.items():
        found = [m.description for m in extract_milestones(str(texts[rows[cid]]))]
        extracted_total += len(found)
        annotated_total += len(annotated)
        matched += match(found, annotated)
    return matched, extracted_total, annotated_total


#: A second sample, annotated after the extraction rules were fixed and never used to
#: change them: every 13th row starting at row 6. Its figures are the honest estimate.
HELD_OUT: dict[str, list[tuple[str, ...]]] = {
    "BR0106": [("unified thesaurus",), ("implementation of harmonization",),
               ("provision of initial texts",), ("presentation of information on the progress",),
               ("propagation of materials",), ("participation on 2 national events",),
               ("update the open parliament guide",)],
    "GE0073": [("drafting a law on regulatory",), ("developing a unified framework",)],
    "GR0029": [],
    "IL0042": [("formulation of a requirements document",), ("preparation of full version",),
               ("formulation of requirements for upgrading",),
               ("developing additional requirements",),
               ("developing the presentation of a full text",),
               ("commencement of presentation",)],
    "LV0024": [],
    "MO0022": [("increase the number of visitors",), ("increase substantially the number",),
               ("create a space for the historical",), ("diversify the dissemination",),
               ("elaborate communication toolkits",)],
    "MK0140": [("publication of the adopted budget",),
               ("adopted amendments to the law on budgets",)],
    "PA0012": [],
    "PH0056": [],
    "COT0005": [("draft and pass ordinance",), ("establish and link the official facebook",),
                ("establish the legislative information technology",),
                ("form and designate a committee",)],
    "AM0046": [("study of international practice",), ("drafting of a legislative package",),
               ("international and local expert discussions",),
               ("public discussions on the draft",), ("circulation of the final document",)],
    "BG0030": [],
    "CL0018": [],
    "CZ0002": [],
    "GE0096": [("conducting consultations with stakeholders",),
               ("preparation and discussion of draft",),
               ("submission of the draft amendments",)],
    "GH0042": [("draft bill approved by cabinet",), ("final bill drafted",),
               ("public consultations held by parliament",), ("bill is passed by parliament",),
               ("regulations to the new act drafted",), ("regulations to the new act passed",),
               ("framework for the league table",), ("public consultations on the draft framework",),
               ("draft framework finalised",), ("first league table published",)],
    "GT0059": [],
    "JM0003": [("conduct stakeholder consultations",), ("re-establishment of the ati advisory",),
               ("preparation of draft bill",), ("review of draft bill",),
               ("finalization of bill",), ("prepare improved guidelines",),
               ("undertake capacity development",), ("conduct programme of public education",),
               ("strengthen reporting mechanisms",), ("development of proposal for the application",)],
    "KG0011": [("develop draft rlas",), ("hold a broad public discussion",),
               ("submit rlas to the jogorku",), ("develop evaluating methodology",),
               ("to conduct pilot monitoring",)],
    "MW0009": [("panel of chairpersons",), ("business committee meeting",),
               ("scrutiny of money bills",), ("capacity building for parliamentarians",)],
    "MO0008": [("inserting the project",), ("sharing the charter",), ("adopting the charter",)],
    "NO0051": [],
    "PY0072": [("event before society",), ("preparation of a first outline",),
               ("preparation of a public consultation",), ("consolidation and drafting",)],
    "SN0013": [("conduct awareness-raising",), ("establish an independent administrative",),
               ("create the ogp senegal website",), ("update data from the open data",),
               ("popularize the law",)],
    "SL0002": [("public consultations on the archives",), ("draft tabled in cabinet",),
               ("capacity and needs assessment",), ("bill submitted to parliament",),
               ("archives and records management bill passed",),
               ("establish of an e-governance",)],
    "SK0115": [],
    "ES0048": [("carry out a diagnosis",), ("to strengthen the values",),
               ("to promote the drafting of codes",), ("training actions",),
               ("to promote the creation of risk maps",), ("design of ethics climate",),
               ("inter\u2010administrative cooperation", "inter-administrative cooperation"),
               ("prior consultation and study",), ("submission to the council, so",),
               ("processing of the hearing",), ("reports from other departments",),
               ("request for other reports",), ("opinion of the state council",),
               ("sending to the committee",), ("prior consultation phase",),
               ("submission to the council of ministers",), ("processing of the hearing",),
               ("reports from other departments",), ("request for other reports",),
               ("opinion of the council of state",), ("sending to the committee",),
               ("guide of use of artificial",), ("creation of the data and ethics",),
               ("ai training or informative",), ("disseminate information on the reliability",)],
    "LK0022": [("to ensure rti requests can commence",), ("constitutional council to appoint",),
               ("develop the initial terms of reference",), ("to conduct 4 training programmes",),
               ("to facilitate training of rti commissioners",),
               ("to sensitize and train public authorities",),
               ("to appoint an rti implementation",),
               ("rti implementation co-ordination officer to examine",),
               ("rti commission to publish rules",), ("rti commission to publish record",),
               ("to gazette regulations",), ("to request the ministry of finance",),
               ("presidential secretariat to develop",),
               ("to facilitate the development of a system",),
               ("parliament to amend official secrets",),
               ("to conduct at least 3 media awareness",),
               ("to conduct a targeted public awareness",), ("government to allocate one-hour",),
               ("government to ensure publication of rti-related",)],
    "UA0033": [],
    "UA0078": [("establishing legal framework for ensuring",),
               ("developing and implementing the components",),
               ("upgrading/reforming the national system",)],
    "US0017": [],
}


#: A third sample, annotated after the rules were changed using both samples above (which
#: are therefore both tuned now), and measured once: every 13th row starting at row 3.
FRESH: dict[str, list[tuple[str, ...]]] = {
    "AR0096": [("holding of at least three",), ("institutionalization of the methodology",),
               ("carrying out virtual meetings",), ("development of at least three",),
               ("carrying out a digital public consultation",),
               ("implementation of the congress action plan",)],
    "HR0028": [],
    "GR0026": [],
    "ID0110": [],
    "KG0024": [("producing content of tv programs",), ("launching the tv programs",),
               ("preparation of short clips",)],
    "MO0019": [],
    "NL0035": [("completion of an advisory report",), ("project plan, incl. assigned budget",),
               ("implementation of the project plan",), ("conducting an audit",),
               ("sharing knowledge and experiences",)],
    "MK0174": [("financial and administrative implementation",)],
    "PY0081": [("to publish and keep updated on the institutional",),
               ("publish and keep updated on the web page",),
               ("to publish in the legislative information system",),
               ("carry out citizen consultations",)],
    "SL0028": [],
    "AM0037": [("development of a legislative package",),
               ("presentation of legislative drafts package",), ("development of a database",),
               ("piloting the register",), ("launch of an open and public register",)],
    "BG0007": [],
    "CL0008": [],
    "HR0031": [("drafting the public interest disclosure act",)],
    "GE0048": [],
    "GH0010": [],
    "GR0090": [("law adoption",), ("elaboration of operational requirements",),
               ("whistleblowing platform design",), ("preparation of a data privacy",),
               ("development of educational",), ("communication planning",),
               ("issuing of ministerial decisions",)],
    "IE0058": [("publication of a general scheme",),
               ("preparation of a standards in public office bill",),
               ("publication of the standards in public office bill",),
               ("consideration of the standards in public office bill",)],
    "KG0005": [("introduce changes and amendments",), ("amend the law of the kyrgyz",),
               ("to give the srs archive agency",), ("begin the transfer",),
               ("start digitizing",), ("start publication of declassified",)],
    "LT0029": [("preparation of the draft law",), ("adoption of the law",),
               ("preparation of preliminary methodology",),
               ("completion of practical training",), ("methodology designed",)],
    "ME0044": [],
    "MK0164": [("amend the law on free legal aid",), ("cooperation agreements between the bureau",),
               ("informative sessions on the need",), ("development of internal guides",),
               ("analysis with shortterm",), ("development and maintenance of comprehensive",),
               ("ensure physical access",), ("adjustment of moj official website",),
               ("merging data from websites",), ("mapping formal and informal",),
               ("creation and maintenance of publicly",), ("merging data disposed",),
               ("interoperability of existing database",), ("development of national plan",)],
    "PY0054": [("fortalecer los mecanismos",)],
    "RO0056": [("development of standards and specifications",),
               ("development and approval of draft legislation",),
               ("publishing the data as submitted",)],
    "RS0051": [("developing the draft law on amendments",), ("conducting public debates",),
               ("the government determines the proposal",)],
    "SK0088": [],
    "ES0004": [],
    "LK0019": [("ciaboc to initiate legislative amendments",), ("government to table and enact",),
               ("ciaboc to publish statistical data",)],
    "UA0015": [],
    "UA0050": [],
    "UK0062": [("the uk establishes an eiti",), ("the uk government consults on draft",),
               ("the uk is formally recognised",), ("the uk completes transposition",),
               ("the uk publishes its first eiti report",), ("uk legislation comes into force",),
               ("uk listed and uk registered extractive companies",)],
}


#: A fourth sample, annotated after the rules were changed using all three samples above
#: and measured once (0.56 / 0.69) before it was used too: every 13th row from row 9.
FOURTH: dict[str, list[tuple[str, ...]]] = {
    "CL0081": [("diagnóstico de incidencia del congreso",), ("diseño de la herramienta",),
               ("proyecto de difusión interna",), ("piloto y ajustes finales",)],
    "GE0091": [("elaboration and launch of a new website",),
               ("development and proactive disclosure of special online",),
               ("regular and organized disclosure",), ("proactive disclosure of stenographic",),
               ("implementation of an adapted mechanism",), ("implementation of an online chat",),
               ("elaboration and proactive disclosure of a unified form",),
               ("elaboration of an electronic search engine",),
               ("elaboration of an electronic map",), ("prior to conducting committee hearings",),
               ("proactive disclosure of information on composition",),
               ("creation and proactive disclosure of the instruction",),
               ("elaboration and proactive disclosure of a common registry",),
               ("elaboration and proactive disclosure of a lobbyist",),
               ("refining the mobile application",)],
    "GR0086": [("study on a new portal",), ("rfp",), ("new portal",)],
    "KG0017": [("develop and introduce amendments",), ("develop methodology and manual",),
               ("conduct training for npo",), ("conduct an information campaign",),
               ("develop and approve instructions",), ("teach representatives of candidates",),
               ("to ensure public access to cash flow",)],
    "LR0043": [("provide information on the progress", "publish the full text"),
               ("publish ongoing results", "publish results and analysis"),
               ("organize at least 2 rounds",)],
    "MO0047": [("organization of meetings to select",), ("creation of the committee in charge",),
               ("launch of call for projects",), ("selection of societal actors",),
               ("establishment of partnerships",), ("preparation of trainers",),
               ("organization of quarterly meetings",)],
    "MK0143": [("increasing the percentage of working bodies",),
               ("adopted act regulating supervisory",), ("adopted plan for supervisory",),
               ("increasing the participation of citizens",)],
    "PY0052": [("diseño participativo del proceso",), ("preparación de un borrador",),
               ("mesa de diálogo con representantes",), ("disponibilidad en una plataforma",),
               ("taller con convocatoria abierta",), ("análisis, validación y consolidación",),
               ("redacción de versión final",)],
    "RO0021": [],
    "UK0059": [],
    "AM0055": [("implementation of legislative initiative",),
               ("establishment of a working group",), ("creation and technical description",),
               ("implementation of a digital system",), ("introduction of a digital system",)],
    "BG0035": [],
    "CR0051": [],
    "CZ0020": [],
    "DE0044": [("government bill",), ("entry into force of the act",)],
    "GH0050": [("draft fisheries/ amended act developed",), ("stakeholder engagement held",),
               ("draft bill / amended bill laid",), ("draft bill or amended bill passed",)],
    "HN0007": [],
    "JO0048": [],
    "LV0040": [("structured publication of descriptive data",),
               ("digital procurement risk assessment tool",),
               ("monitoring of public procurement through the integrity pact",),
               ("research and promote public law contracts",)],
    "MN0043": [("improve legal framework for",), ("establish training for advanced",),
               ("ensure governance and operational",), ("create system for conducting",),
               ("establish a system that selection",), ("create corporate social responsibility",)],
    "NG0021": [],
    "PNG0007": [("pngeiti national secratariat recruits",), ("consultant reviews existing",),
                ("consultation on draft pngeiti",), ("draft of consultation document",),
                ("draft amendment to pngeiti policy",),
                ("submission of pngeiti policy to national executive",),
                ("submission of pngeiti policy to cabinet",),
                ("consultant (adam smith) reviews",), ("guage and incorporate",),
                ("identification of options for the legal",),
                ("consultant prepares draft pngeiti legislation",),
                ("circulation of draft pngeiti legislation",),
                ("consultation consult with relevant",), ("consultation incorporating comments",),
                ("consultant delivers pngeiti legislation",), ("parliament passes pngeiti",)],
    "PH0067": [],
    "RS0036": [("the bill on single public register",), ("inventory of administrative procedures",),
               ("soliciting of initiatives",), ("500 most frequent",),
               ("100 procedures for the issuing",), ("single public register of administrative",)],
    "SL0008": [("setting up of an mda linkage",), ("an audit of the implementation",),
               ("local content bill tabled",), ("local content bill discussed",)],
    "SK0118": [],
    "ES0090": [("prior public consultation",), ("preparing the draft bill",),
               ("internal consultations, hearing",), ("final drafting and general secretary",),
               ("referral to parliament",)],
    "TN0007": [],
    "UA0037": [],
    "UA0090": [("drawing up the draft national plan",), ("amending the law of ukraine",)],
}


#: A fifth sample, annotated after the rules were changed using all four samples above and
#: measured once (0.72 / 0.82) before it was used too: every 13th row from row 12.
FIFTH: dict[str, list[tuple[str, ...]]] = {
    "CR0054": [],
    "DE0030": [("development and presentation on the website",),
               ("development of a functionally limited",),
               ("production and publication of documentation",),
               ("development of an interactive website",), ("exchange with civil society",)],
    "ID0106": [("availability of assessment and policy papers",),
               ("increase in the number of transcribers",),
               ("publicly published summarized reports",), ("up-to-date and user-friendly",),
               ("availability of a public participation channel",),
               ("availability of standard operational procedure",)],
    "KG0020": [("jogorku kenesh develops and adopts",), ("discussion and concordance",),
               ("introduction of alternative reports",)],
    "MN0020": [],
    "MO0050": [("development of an application dedicated to participatory",),
               ("development of an application dedicated to public policy",),
               ("development of an application that enables interaction",)],
    "MK0170": [("financial and administrative implementation",),
               ("operational implementation",), ("functional website",)],
    "PY0067": [("publicar en la página web institucional",),
               ("informar sobre las actividades",)],
    "SCO0006": [("scottish national investment bank adopts",),
                ("young people’s understanding of public finances",),
                ("the spending review will be completed",),
                ("we have committed to progress on making closer links",),
                ("make links between budget and outcomes",),
                ("publish scottish government procurement-related",),
                ("publish scottish government contract documentation",),
                ("consult with civil society on how best",)],
    "AL0072": [("gov ernment national accounts", "government national accounts"),
               ("fiscal risk management",),
               ("pu blished g ov ernment", "published government yearly"),
               ("pu blished in -y ear", "published in-year"),
               ("formal opportunities are pr", "formal opportunities are provided")],
    "AU0027": [("targeted consultation",), ("revised materials and draft requirements",),
               ("second round public consultation",), ("revised materials and draft requirements",),
               ("options for beneficial ownership",)],
    "CA0036": [],
    "CI0030": [("benchmarking of texts", "review of the texts"),
               ("writing draft texts", "preparation of draft"),
               ("validation of draft texts",), ("transmission of draft texts",)],
    "FR0001": [("allow citizens to better grasp",),
               ("publish in open data the general operating grant",),
               ("publish in open data, on data.gouv.fr",), ("make it compulsory for local",),
               ("regularly provide the financial data",),
               ("strengthen open data in local and regional",)],
    "GH0005": [("publish regulations on the petroleum",), ("pass the mineral development fund",),
               ("call at least four meetings",), ("support publication and dissemination",),
               ("support relevant agencies to formulate",)],
    "GR0014": [],
    "IE0011": [],
    "JO0065": [("create a comprehensive visualization",), ("develop an interactive portal",),
               ("develop the procedures/instructions",), ("build the capacities of public",),
               ("conduct a series of workshops",), ("draft a legislative framework",)],
    "LR0038": [("7 out of the required 8",), ("annual audit reports",),
               ("data on quarterly central",), ("budget timetable, budget call",),
               ("develop and maintain",), ("town halls and", "hold interactive public budget")],
    "MN0057": [("submit the law on the extractive",), ("clarify the functions",),
               ("funding for transparency implementation",)],
    "MK0124": [("revision of the asset declaration",), ("analysis of the functional failures",),
               ("completing the registry",), ("putting into operation the electronic",),
               ("establishing a system for continuous",)],
    # two tables: the legislation's (seen only on a second, full reading of the text; the
    # first annotation read its start and end) and the policy's
    "PNG0015": [("drafting committee establish",), ("drafting committee meetings",),
                ("drafting and workshops",), ("draft bill produce",),
                ("four regional consultations",), ("national consultation conduct",),
                ("consultation report",), ("drafting instruction, nec submission",),
                ("certificate of necessary",), ("nec endorsement nec policy",),
                ("certificate of compliance",), ("enactment of access to information bill",),
                ("e-government policy committee",), ("committee meetings",),
                ("draft e-government policy",), ("regional and national consultations",),
                ("finalized e-government policy",), ("cacc and nec submissions",),
                ("cacc endorsement",), ("nec endorsement",), ("e-government policy launched",),
                ("awareness and implementation",)],
    "KR0056": [("amendment of the act on the prevention",),
               ("amendment of the protection of public interest",)],
    "RS0046": [("establishment of a working group",), ("preparation of the draft law",),
               ("referral to the government",)],
    "SK0021": [],
    "SK0143": [("analysis of the possibilities",),
               ("preparation of a draft legislation", "elaboration of a proposal")],
    "LK0008": [("one or two meetings",), ("drafting amendments to the cccrma",),
               ("amendments to cccrma, cccrmp and regulations with",),
               ("enforcement of the amendments",), ("cccrmd to facilitate",),
               ("approx. 03 workshops",), ("a) approx. 04 programmes", "approx. 04 programmes")],
    "UA0002": [],
    "UA0045": [],
    "UA0095": [("making amendments to legal",),
               ("putting the national centre for open data competence into pilot",),
               ("putting the national centre for open data competence into operation",)],
}


#: (annotations, first row of the sample, precision floor, recall floor). Floors sit just
#: under the figures reached, so a regression fails. All five samples have been used to
#: change the rules: 0.94 / 0.94, 0.81 / 0.84, 0.85 / 0.87, 1.00 / 0.96, 0.89 / 0.96.
#: Measured before they were used: 0.59 / 0.71 (row 3), 0.56 / 0.69 (row 9), 0.72 / 0.82
#: (row 12). The issue's target is 0.8 for both.
SAMPLES = {
    "tuned": (ANNOTATIONS, 0, 0.91, 0.91),
    "held-out": (HELD_OUT, 6, 0.78, 0.81),
    "fresh": (FRESH, 3, 0.82, 0.84),
    "fourth": (FOURTH, 9, 0.97, 0.93),
    "fifth": (FIFTH, 12, 0.86, 0.93),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_rows(dev_table, name):
    """Each sample is exactly every 13th row of the dev file from its first row."""
    annotations, first, _, _ = SAMPLES[name]
    assert list(annotations) == [str(dev_table.ids[i]) for i in range(first, 399, 13)]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_precision_and_recall(dev_table, name):
    """Precision and recall of extracted milestones against our annotations."""
    annotations, _, precision_floor, recall_floor = SAMPLES[name]
    matched, extracted, annotated = measure(dev_table, annotations)
    precision, recall = matched / extracted, matched / annotated
    print(f"{name} milestones: {matched} matched, {extracted} extracted, {annotated} "
          f"annotated; precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= precision_floor and recall >= recall_floor
