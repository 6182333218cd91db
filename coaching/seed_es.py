"""The motivational-interviewing practice set in Spanish, in Open Door's own words.

Each statement is the English one of ``coaching.seed.STATEMENTS`` in the same position, said
again the way a Spanish-speaking person might say it at the program (the person speaks
informally; what the learner reads as instructions uses usted). The kind of response asked for
is the English statement's, so coaches rate both languages with the same rubric. Plain,
neutral Latin American Spanish, person-first: no "adicto", "limpio/sucio" or "abuso".
"""

TITLE = "Reflexiones, preguntas y afirmaciones en el programa"
INSTRUCTIONS = (
    "Lea lo que dice cada persona. Escriba lo que usted le contestaría, en una a tres "
    "oraciones, con el tipo de respuesta que se pide. Escriba como usted habla: no hay una "
    "sola respuesta correcta."
)
# (where, what the person says), in the order of the English statements.
STATEMENTS = [
    (
        "En la ventanilla del programa de jeringas",
        "Siempre digo que me voy a hacer la prueba de hepatitis C. Cada vez que lo pienso se "
        "me revuelve el estómago, así que no la hago.",
    ),
    (
        "En el centro de acogida",
        "Mi hermana me dice y me dice que me interne en un tratamiento. No entiende. Yo me "
        "cuido. En todo el año solo una vez necesité Narcan.",
    ),
    (
        "En la camioneta de alcance",
        "Desde que se murió mi amigo empecé a usar las tiras reactivas. Pero no siempre me "
        "acuerdo.",
    ),
    (
        "En el grupo de pares",
        "Volví esta semana aunque la última vez me fui enojado. Casi no vengo.",
    ),
    (
        "En el centro de acogida",
        "No te voy a mentir, fumar me ayuda a dormir. Pero el martes ya no me queda dinero, y "
        "mi hijo me pregunta a dónde voy en las noches. A lo mejor usaría menos si tuviera a "
        "dónde ir en las mañanas.",
    ),
    (
        "En la ventanilla del programa de jeringas",
        "Alguien me dijo que si uso con un amigo no necesito cargar naloxona. ¿Es cierto?",
    ),
    (
        "En la recepción de la clínica",
        "En todos lados me tratan como si estuviera mintiendo sobre mi dolor. ¿Por qué aquí "
        "iba a ser diferente?",
    ),
    (
        "En la camioneta de alcance",
        "He estado pensando en la metadona. Pero dicen que es más difícil dejarla que la heroína.",
    ),
]
