"""The lexicon reads a commitment alike in English, Spanish, French and Portuguese.

Parallel commitments written for these tests (none is taken from an export): every
concept of the OGP-value rules that the English text triggers must be triggered by each
translation, and words that mean something else in another language must not trigger
the concept they resemble.
"""

from __future__ import annotations

import pytest

from irm.scoring.estimate.lexicon import load_lexicon

PARALLEL = [
    {
        'en': ('The Ministry will publish all public procurement contracts on an open data '
               'portal in machine-readable format.'),
        'es': ('El Ministerio publicará todos los contratos de compras públicas en un portal de '
               'datos abiertos en formato legible por máquina.'),
        'fr': ('Le ministère publiera tous les contrats de marchés publics sur un portail de '
               'données ouvertes dans un format lisible par machine.'),
        'pt': ('O Ministério publicará todos os contratos de compras públicas em um portal de '
               'dados abertos em formato legível por máquina.'),
    },
    {
        'en': ('Hold public consultations with civil society organisations and citizens on the '
               'draft law, and publish their comments.'),
        'es': ('Realizar consultas públicas con organizaciones de la sociedad civil y la '
               'ciudadanía sobre el proyecto de ley, y publicar sus comentarios.'),
        'fr': ('Organiser des consultations publiques avec les organisations de la société '
               'civile et les citoyens sur le projet de loi, et publier leurs commentaires.'),
        'pt': ('Realizar consultas públicas com organizações da sociedade civil e cidadãos sobre'
               ' o projeto de lei, e publicar seus comentários.'),
    },
    {
        'en': ('Create a mechanism for citizens to report corruption and complaints, with '
               'protection for whistleblowers and sanctions for officials.'),
        'es': ('Crear un mecanismo para que la ciudadanía denuncie la corrupción y presente '
               'quejas, con protección de los denunciantes y sanciones para los funcionarios.'),
        'fr': ('Créer un mécanisme permettant aux citoyens de signaler la corruption et de '
               "déposer des plaintes, avec une protection des lanceurs d'alerte et des sanctions"
               ' pour les fonctionnaires.'),
        'pt': ('Criar um mecanismo para que os cidadãos denunciem a corrupção e apresentem '
               'reclamações, com proteção aos denunciantes e sanções para os servidores '
               'públicos.'),
    },
    {
        'en': ('Strengthen the right of access to information: train information officers and '
               'respond to requests within 15 days.'),
        'es': ('Fortalecer el derecho de acceso a la información: capacitar a los oficiales de '
               'información y responder a las solicitudes en un plazo de 15 días.'),
        'fr': ("Renforcer le droit d'accès à l'information : former les responsables de "
               "l'information et répondre aux demandes dans un délai de 15 jours."),
        'pt': ('Fortalecer o direito de acesso à informação: capacitar os servidores de '
               'informação e responder aos pedidos no prazo de 15 dias.'),
    },
    {
        'en': ('Establish a participatory budgeting process where residents decide on municipal '
               'investments, monitored by a citizen oversight committee.'),
        'es': ('Establecer un proceso de presupuesto participativo en el que los vecinos decidan'
               ' sobre las inversiones municipales, supervisado por un comité ciudadano de '
               'control.'),
        'fr': ('Mettre en place un budget participatif où les habitants décident des '
               'investissements municipaux, suivi par un comité citoyen de contrôle.'),
        'pt': ('Estabelecer um processo de orçamento participativo em que os moradores decidam '
               'sobre os investimentos municipais, fiscalizado por um comitê cidadão de controle'
               ' social.'),
    },
    {
        'en': ('Publish the asset declarations of public officials and a register of beneficial '
               'owners of companies, and audit them annually.'),
        'es': ('Publicar las declaraciones patrimoniales de los funcionarios públicos y un '
               'registro de beneficiarios finales de las empresas, y auditarlas cada año.'),
        'fr': ('Publier les déclarations de patrimoine des agents publics et un registre des '
               'bénéficiaires effectifs des sociétés, et les auditer chaque année.'),
        'pt': ('Publicar as declarações de bens dos agentes públicos e um registro de '
               'beneficiários finais das empresas, e auditá-las anualmente.'),
    },
    {
        'en': ('Digitise public services through an online one-stop platform and a mobile '
               'application for citizens.'),
        'es': ('Digitalizar los servicios públicos mediante una plataforma en línea de '
               'ventanilla única y una aplicación móvil para la ciudadanía.'),
        'fr': ('Numériser les services publics grâce à une plateforme en ligne de guichet unique'
               ' et une application mobile pour les citoyens.'),
        'pt': ('Digitalizar os serviços públicos por meio de uma plataforma online de balcão '
               'único e um aplicativo móvel para os cidadãos.'),
    },
    {
        'en': ('Parliament will hold public hearings on the budget and strengthen legislative '
               'oversight of the executive.'),
        'es': ('El Parlamento realizará audiencias públicas sobre el presupuesto y fortalecerá '
               'el control legislativo del poder ejecutivo.'),
        'fr': ('Le Parlement tiendra des auditions publiques sur le budget et renforcera le '
               "contrôle parlementaire de l'exécutif."),
        'pt': ('O Parlamento realizará audiências públicas sobre o orçamento e fortalecerá a '
               'fiscalização legislativa do poder executivo.'),
    },
    {
        'en': ('Set up a joint monitoring mechanism with civil society to track implementation '
               'and hold institutions accountable through public reports.'),
        'es': ('Crear un mecanismo conjunto de seguimiento con la sociedad civil para dar '
               'seguimiento a la implementación y rendir cuentas mediante informes públicos.'),
        'fr': ('Mettre en place un mécanisme conjoint de suivi avec la société civile pour '
               'suivre la mise en œuvre et rendre des comptes au moyen de rapports publics.'),
        'pt': ('Criar um mecanismo conjunto de monitoramento com a sociedade civil para '
               'acompanhar a implementação e prestar contas por meio de relatórios públicos.'),
    },
    {
        'en': ('Adopt a law regulating lobbying, with a public register of lobbyists and their '
               'meetings with officials.'),
        'es': ('Aprobar una ley que regule el cabildeo, con un registro público de cabilderos y '
               'de sus reuniones con funcionarios.'),
        'fr': ('Adopter une loi encadrant le lobbying, avec un registre public des représentants'
               " d'intérêts et de leurs réunions avec les responsables publics."),
        'pt': ('Aprovar uma lei que regulamente o lobby, com um registro público de lobistas e '
               'de suas reuniões com agentes públicos.'),
    },
    {
        'en': ('Prevent conflicts of interest of public servants and give the anti-corruption '
               'agency powers to investigate.'),
        'es': ('Prevenir los conflictos de interés de los servidores públicos y otorgar a la '
               'agencia anticorrupción facultades de investigación.'),
        'fr': ("Prévenir les conflits d'intérêts des agents publics et donner à l'agence "
               "anticorruption le pouvoir d'enquêter."),
        'pt': ('Prevenir conflitos de interesses dos servidores públicos e dar à agência '
               'anticorrupção poderes de investigação.'),
    },
    {
        'en': ('Protect freedom of expression and the safety of journalists, and reform the '
               'legal framework for civil society organisations.'),
        'es': ('Proteger la libertad de expresión y la seguridad de los periodistas, y reformar '
               'el marco legal de las organizaciones de la sociedad civil.'),
        'fr': ("Protéger la liberté d'expression et la sécurité des journalistes, et réformer le"
               ' cadre juridique des organisations de la société civile.'),
        'pt': ('Proteger a liberdade de expressão e a segurança dos jornalistas, e reformar o '
               'marco legal das organizações da sociedade civil.'),
    },
    {
        'en': ('Open the legislative process to citizens: publish bills online and allow public '
               'comments on draft legislation.'),
        'es': ('Abrir el proceso legislativo a la ciudadanía: publicar los proyectos de ley en '
               'línea y permitir comentarios públicos sobre los anteproyectos.'),
        'fr': ('Ouvrir le processus législatif aux citoyens : publier les projets de loi en '
               'ligne et permettre les commentaires du public sur les avant-projets.'),
        'pt': ('Abrir o processo legislativo aos cidadãos: publicar os projetos de lei na '
               'internet e permitir comentários públicos sobre os anteprojetos.'),
    },
    {
        'en': ('The supreme audit institution will publish its audit reports and follow up on '
               'its recommendations.'),
        'es': ('La entidad fiscalizadora superior publicará sus informes de auditoría y dará '
               'seguimiento a sus recomendaciones.'),
        'fr': ("La cour des comptes publiera ses rapports d'audit et assurera le suivi de ses "
               'recommandations.'),
        'pt': ('O tribunal de contas publicará seus relatórios de auditoria e acompanhará suas '
               'recomendações.'),
    },
    {
        'en': ('Adopt an access to information law and create an independent information '
               'commission to decide on complaints.'),
        'es': ('Aprobar una ley de acceso a la información y crear un órgano garante '
               'independiente que resuelva las quejas.'),
        'fr': ("Adopter une loi sur l'accès à l'information et créer une commission indépendante"
               " d'accès à l'information chargée d'examiner les plaintes."),
        'pt': ('Aprovar uma lei de acesso à informação e criar uma comissão independente de '
               'informação para julgar as reclamações.'),
    },
    {
        'en': ('Implement the national digital transformation strategy and interoperability '
               'between government databases.'),
        'es': ('Implementar la estrategia nacional de transformación digital y la '
               'interoperabilidad entre las bases de datos del gobierno.'),
        'fr': ('Mettre en œuvre la stratégie nationale de transformation numérique et '
               "l'interopérabilité entre les bases de données de l'administration."),
        'pt': ('Implementar a estratégia nacional de transformação digital e a '
               'interoperabilidade entre as bases de dados do governo.'),
    },
]


def concepts(text: str) -> set[str]:
    return {m.concept for m in load_lexicon().scan(text)}


def value_concepts() -> set[str]:
    return {c for rule in load_lexicon().estimates.values() for c in rule["concepts"]}


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
@pytest.mark.parametrize("k", range(len(PARALLEL)))
def test_translations_trigger_the_value_concepts_of_the_english(k, language):
    texts = PARALLEL[k]
    wanted = concepts(texts["en"]) & value_concepts()
    assert wanted, "each English text triggers some value concept"
    missing = wanted - concepts(texts[language])
    assert not missing, f"{language} misses {sorted(missing)} in: {texts[language]}"


@pytest.mark.parametrize("text, concept", [
    ("Diálogo con la ciudadanía", "citizenship"),  # the citizenry, not nationality
    ("Consultations avec la société civile", "private_sector"),  # not a company
    ("Le Parlement tiendra des auditions publiques", "audit"),  # hearings, not audits
    ("Le Parlement tiendra des auditions publiques", "accountability"),
    ("Training for public servants", "disclosure"),  # "public" is not "publish"
    ("Capacitación de los servidores públicos", "disclosure"),
    ("Formação dos servidores públicos", "disclosure"),
    ("Formation des agents publics", "disclosure"),
    ("Submit an application for a permit", "technology"),  # French "application" (an app)
    ("New legislation on procurement", "parliament"),  # French "législatif"
    ("Formation of a working group", "capacity_building"),  # French "formation" (training)
    ("Datasets in Parquet format", "anti_corruption_body"),  # the French prosecution service
    ("The route to open government", "infrastructure"),  # French "route" (road)
    ("Odd and even years", "sdg"),  # French "ODD" (the SDGs)
    ("Publish the source code", "legislation"),  # French "code" (a legal code)
    ("Deliberately withheld records", "participation"),  # "deliberative"
    ("Transmisión del informe al ministro", "technology"),  # sending, not broadcasting
    ("Modification of the software", "legislation"),  # Spanish "modificar" (a law)
    ("A taller building", "capacity_building"),  # Spanish "taller" (workshop)
    ("Move the cursor", "capacity_building"),  # Spanish "curso"
    ("A catastrophe response plan", "land"),  # Spanish "catastro" (cadastre)
    ("Site visits to schools", "technology"),  # Portuguese "site" (website)
    ("Continue to publish the data", "vague"),  # "continuo" (continuous)
    ("Reducir los cortes de luz", "parliament"),  # power cuts, not the Cortes Generales
    ("Des mesures à court terme", "justice"),  # French "court" (short)
    ("Une consultation publique", "disclosure"),  # the French adjective, not "se publique"
    ("An awareness campaign on the new law", "political_finance"),  # not an election
    ("Una campaña de sensibilización", "political_finance"),
    ("Une campagne d'information", "political_finance"),
    ("Make the data accessible to the public", "disability"),  # available, not disability
    ("Open licenses for every dataset", "extractives"),  # not a mining licence
    ("The utility of the data for users", "energy"),  # usefulness, not a utility
    ("Legal aid for people on low incomes", "aid"),  # not development aid
    ("Correction of errors in the register", "policing"),  # not corrections (prisons)
    ("A demonstration of the new portal", "civic_space"),  # not a protest
    ("Les politiques publiques", "disclosure"),
    ("The ministry may consult the council", "timeline"),  # the modal, not the month
    ("Mayor transparencia para la mayoría", "subnational"),  # "greater", "majority"
    ("El marco legal del Estado", "timeline"),  # a framework, not março
    ("El marco legal del Estado", "subnational"),
    ("In the course of the reform", "justice"),  # not a French "cour"
    ("Publish metadata", "milestone_marker"),  # not a Spanish "meta"
    ("A well informed public", "monitoring"),  # not a Spanish "informe"
    ("Normal working hours", "regulation"),  # not a Spanish "norma"
    ("Entidad fiscalizadora superior", "fiscal"),  # oversight, not public finance
    ("Bajo la responsabilidad del Ministerio", "accountability"),  # who does it
    ("Sous la responsabilité du ministère", "accountability"),
    ("A steering committee of ministries", "parliament"),  # any committee is not parliament
    ("Una comisión interinstitucional", "parliament"),
    ("Une commission d'experts", "parliament"),
    ("A Câmara de Comércio", "parliament"),  # a chamber of commerce
    ("The general assembly of the association", "parliament"),
    # English terms in texts guessed to be in another language
    ("Le ministère et les communes renforcent l'engagement des administrations",
     "participation"),  # French "engagement" is a commitment
    ("Le report de la date et les travaux du comité", "deliverable"),  # a postponement
    ("La media nacional de los hogares y el ingreso de las familias", "media"),  # average
    ("Les éventuelles modifications et le calendrier des travaux", "ambition_weak"),
    ("Le support de cours et les documents des élèves", "ambition_weak"),  # material
])
def test_false_friends_do_not_trigger(text, concept):
    assert concept not in concepts(text)


@pytest.mark.parametrize("text, concept", [
    ("Publicar los contratos", "disclosure"),
    ("Publicação dos contratos", "disclosure"),
    ("Les contrats seront publiés", "disclosure"),
    ("Une application mobile citoyenne", "technology"),
    ("Le pouvoir législatif", "parliament"),
    ("La formation des agents publics", "capacity_building"),
    ("Le parquet national financier", "anti_corruption_body"),
    ("Le réseau routier", "infrastructure"),
    ("Les ODD et l'Agenda 2030", "sdg"),
    ("Le code électoral", "legislation"),
    ("Mecanismos deliberativos", "participation"),
    ("Transmisión en vivo de las sesiones", "technology"),
    ("Modificar la ley de transparencia", "legislation"),
    ("Talleres con la sociedad civil", "capacity_building"),
    ("Actualizar el catastro", "land"),
    ("Publicado no site oficial", "technology"),
    ("Monitoreo continuo", "vague"),
    ("The Supreme Court", "justice"),
    ("Court decisions will be published", "justice"),
    ("Las Cortes Generales", "parliament"),
    ("Campaign finance disclosure", "political_finance"),
    ("Financiamiento de campañas electorales", "political_finance"),
    ("Web accessibility standards", "disability"),
    ("Mining licences and contracts", "extractives"),
    ("Regulation of public utilities", "energy"),
    ("Foreign aid transparency", "aid"),
    ("Correctional facilities", "policing"),
    ("The right to demonstrate peacefully", "civic_space"),
    ("Que se publique la información", "disclosure"),
    ("Publique-se o relatório anual", "disclosure"),
    ("Deadline: 15 May 2021", "timeline"),
    ("Concluído em março de 2022", "timeline"),
    ("The mayor of the city", "subnational"),
    ("Responsabilizar a los funcionarios", "accountability"),
    ("The parliamentary committee on budget", "parliament"),
    ("Hearings of the select committee", "parliament"),
    ("La Cámara de Diputados", "parliament"),
    ("La commission des lois", "parliament"),
    ("Uma comissão parlamentar de inquérito", "parliament"),
    # terms under 'any' (names, acronyms, words used untranslated) in every language
    ("Publicar en la web los datos de las compras del Estado", "technology"),
    ("Le portail et les jeux de données de l'open data des communes", "open_data"),
    ("Os dados dos contratos no padrão OCDS e da Prozorro", "open_contracting"),
    ("The plan of the city and the engagement of the residents", "participation"),
    # translations of English terms: machine-readable data, supreme audit institutions
    ("Los datos en formato legible por máquina", "open_data"),
    ("Les données dans un format lisible par machine", "open_data"),
    ("Os dados em formato legível por máquina", "open_data"),
    ("The court of accounts of the state", "accountability"),
    ("El tribunal de cuentas y la contraloría", "accountability"),
    ("La cour des comptes et les ministères", "accountability"),
    ("O tribunal de contas e os ministérios", "accountability"),
])
def test_the_meant_sense_still_triggers(text, concept):
    """Narrowing a term to its meant sense keeps that sense."""
    assert concept in concepts(text)


def test_a_commitment_with_separate_accent_marks_has_the_features_of_its_composed_form():
    """Every feature (the scan, length, milestones) reads NFD text as its NFC form, so a
    plan pasted with combining accents is estimated as it would be typed."""
    import unicodedata

    import numpy as np

    from irm.models.table import CommitmentTable
    from irm.scoring.estimate.features import featurize

    header = ["Commitment Unique Identifier", "Commitment Title", "Full Text", "Lead Institution"]
    rows = [[f"P{k}{language}", "Participação cidadã", parallel[language] + "\nAtividades:\n"
             "1. Publicação do relatório (março de 2020)\n2. Audiências públicas (junho de 2020)",
             "Secretaría de Transparência"]
            for k, parallel in enumerate(PARALLEL[:4]) for language in ("es", "fr", "pt")]
    nfc = CommitmentTable.from_rows(header, rows)
    nfd = CommitmentTable.from_rows(header, [[unicodedata.normalize("NFD", cell) for cell in row]
                                             for row in rows])
    assert nfd.texts("Full Text") != nfc.texts("Full Text")
    lexicon = load_lexicon()
    composed, decomposed = featurize(nfc, lexicon), featurize(nfd, lexicon)
    np.testing.assert_array_equal(decomposed.values, composed.values)
    assert [{k: [m[:2] for m in v] for k, v in row.items()} for row in decomposed.matches] == \
        [{k: [m[:2] for m in v] for k, v in row.items()} for row in composed.matches]


# Written for these tests: a commitment in Ukrainian and in Georgian, languages the
# lexicon does not read, each with more words than it takes to tell.
FOREIGN = {
    "uk": ("Міністерство фінансів опублікує дані бюджету у форматі відкритих даних на порталі "
           "та проведе консультації з громадськістю щодо бюджетного процесу протягом року."),
    "ka": ("ფინანსთა სამინისტრო გამოაქვეყნებს ბიუჯეტის მონაცემებს ღია მონაცემების ფორმატში "
           "პორტალზე და ჩაატარებს საჯარო კონსულტაციებს მოქალაქეებთან ბიუჯეტის პროცესის "
           "შესახებ მთელი წლის განმავლობაში."),
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_prose_in_another_language_is_read_in_none(language):
    """Running prose with almost no function word of en/es/fr/pt is in none of them,
    and no term matches it; words of another script are in none of them even as a title."""
    lexicon = load_lexicon()
    text = FOREIGN[language] + " " + FOREIGN[language]
    *_, languages = lexicon.scan_text(text, prose=True)
    assert lexicon.language_names(languages) == ["none"]
    assert lexicon.scan_text(text, prose=True)[0] == []
    assert lexicon.language_names(lexicon.scan_text(text)[-1]) == ["none"]


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_prose_in_the_lexicon_languages_is_never_read_in_none(language):
    """Long texts in the four languages are told, however they are joined."""
    lexicon = load_lexicon()
    text = " ".join(parallel[language] for parallel in PARALLEL)
    *_, languages = lexicon.scan_text(text, prose=True)
    assert lexicon.language_names(languages) == [language]


def test_a_commitment_in_another_language_is_not_estimated():
    """Its every estimate is ND with the reason in its evidence, not a guess from its length
    and era; the same commitment in English is estimated."""
    import json

    from irm.models.table import CommitmentTable
    from irm.scoring.estimate.estimates import estimate

    header = ["Commitment Unique Identifier", "Commitment Title", "Full Text"]
    table = CommitmentTable.from_rows(header, [
        ["F1", "Відкриті бюджетні дані", FOREIGN["uk"]],
        ["F2", "Open budget data", PARALLEL[0]["en"] + " " + PARALLEL[1]["en"]]])
    columns = estimate(table).columns()
    assert columns["auto_access_to_information"] == ["ND", "1"]
    assert columns["auto_potential_impact"][0] == "ND" != columns["auto_potential_impact"][1]
    evidence = json.loads(columns["auto_evidence"][0])
    assert evidence["languages"]["text"] == ["none"] and evidence["estimates"] == {}
    assert "none of the lexicon's languages" in evidence["unread"]


def test_a_short_text_in_another_script_is_not_estimated():
    """An 11-word Georgian text got estimates with confidence 0.69 from the baseline:
    words of another script are read in none of the languages, whatever the length, and
    every estimate is ND; a short Latin text of no told language is still read."""
    from irm.models.table import CommitmentTable
    from irm.scoring.estimate.estimates import estimate

    georgian = " ".join(FOREIGN["ka"].split()[:11])
    table = CommitmentTable.from_rows(
        ["Commitment Unique Identifier", "Commitment Title", "Full Text"],
        [["G1", "", georgian], ["G2", "ღია მონაცემების პორტალი", ""],
         ["E1", "Open data portal", "Publish budgets monthly"]])
    est = estimate(table)
    assert est.unread.tolist() == [True, True, False]
    assert est.columns()["auto_confidence"][:2] == ["ND", "ND"]
    assert "none of the lexicon's languages" in est.evidence(1)["unread"]
